/**
 * Lock-name globs: `*` any run of characters, `?` one character, `[abc]`, `[a-z]` and `[!abc]` a
 * set, `\` escapes the next character. Core checks a pattern once (globProblem) before any driver
 * sees it; drivers match stored names with globToRegExp.
 */

/** Why `glob` is not a pattern, in a few words, or null when it is one. */
export function globProblem(glob: string): string | null {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === "\\") i++;
    else if (glob[i] === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end === -1)
        return `the "[" at position ${i + 1} is never closed; close it with "]" or escape it as "\\["`;
      const set = glob.slice(i + 1, end).replace(/^!/, "");
      if (set === "")
        return `the "[]" at position ${i + 1} matches nothing; put characters between the brackets`;
      for (let j = 0; j < set.length; j++) {
        if (set[j + 1] !== "-" || j + 2 >= set.length) continue;
        const [low, high] = [set[j]!, set[j + 2]!];
        if (low > high)
          return `the range ${low}-${high} is out of order; write it low to high, ${high}-${low}`;
        j += 2;
      }
      i = end;
    }
  }
  return null;
}

/** Converts a glob to an anchored RegExp over stored names. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end === -1) out += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, "\\\\");
        out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      out += `\\${glob[++i]}`;
    } else out += c.replace(/[.+^${}()|\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "s");
}
