/**
 * Path globs for reservations, relative to a repository root: `/` separates segments, `**` as a
 * whole segment is any number of segments (none included), `*` any characters within one segment
 * (dot files too), `?` one character, `[abc]`, `[a-z]` and `[!abc]` one character of a set, `\`
 * escapes the next character. Two globs overlap when some path matches both; `globsOverlap`
 * decides that exactly (no file system is read), and a path is matched as the glob of itself.
 */

/** One character of a segment: a set of ranges, or everything outside them (`neg`). `?` is `neg` with none. */
interface CharSet {
  neg: boolean;
  ranges: Array<[number, number]>;
}
type Token = { star: true } | ({ star: false } & CharSet);
/** A parsed glob: each segment a token list, or `null` for `**`. */
type Parsed = Array<Token[] | null>;

const GLOBSTAR = "**";

function tokens(segment: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") {
      if (out.at(-1)?.star !== true) out.push({ star: true });
    } else if (c === "?") out.push({ star: false, neg: true, ranges: [] });
    else if (c === "[" && segment.indexOf("]", i + 1) !== -1) {
      const end = segment.indexOf("]", i + 1);
      let body = segment.slice(i + 1, end);
      const neg = body.startsWith("!");
      if (neg) body = body.slice(1);
      const ranges: Array<[number, number]> = [];
      for (let j = 0; j < body.length; j++) {
        const low = body.codePointAt(j)!;
        if (body[j + 1] === "-" && j + 2 < body.length) {
          ranges.push([low, body.codePointAt(j + 2)!]);
          j += 2;
        } else ranges.push([low, low]);
      }
      out.push({ star: false, neg, ranges });
      i = end;
    } else {
      const literal = c === "\\" && i + 1 < segment.length ? segment[++i]! : c;
      const code = literal.codePointAt(0)!;
      out.push({ star: false, neg: false, ranges: [[code, code]] });
    }
  }
  return out;
}

function parse(glob: string): Parsed {
  return glob.split("/").map((segment) => (segment === GLOBSTAR ? null : tokens(segment)));
}

/** Whether some character is in `a`'s set and in `b`'s, exactly. */
function charsMeet(a: CharSet, b: CharSet): boolean {
  if (a.neg && b.neg) return true;
  if (!a.neg && !b.neg) return a.ranges.some(([l1, h1]) => b.ranges.some(([l2, h2]) => l1 <= h2 && l2 <= h1));
  const [pos, neg] = a.neg ? [b, a] : [a, b];
  // some character of a positive range is left once the negated set's ranges are taken out
  const holes = [...neg.ranges].sort((x, y) => x[0] - y[0]);
  return pos.ranges.some(([low, high]) => {
    let next = low;
    for (const [l, h] of holes) {
      if (l > next) break;
      next = Math.max(next, h + 1);
    }
    return next <= high;
  });
}

/**
 * Whether two token lists match a common non-empty segment: reachability in the product of the
 * two patterns, a star consuming a character of the other side while staying where it is.
 */
function segmentsMeet(a: Token[], b: Token[]): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const meet = (i: number, j: number): boolean => {
    const key = i * width + j;
    if (seen.has(key)) return false;
    seen.add(key);
    const x = a[i];
    const y = b[j];
    if (!x && !y) return true;
    if (x?.star && meet(i + 1, j)) return true;
    if (y?.star && meet(i, j + 1)) return true;
    if (x?.star && y && !y.star) return meet(i, j + 1);
    if (y?.star && x && !x.star) return meet(i + 1, j);
    if (x && y && !x.star && !y.star) return charsMeet(x, y) && meet(i + 1, j + 1);
    return false;
  };
  // Path segments are never empty; two non-empty token lists that share "" (stars only) share more.
  return a.length > 0 && b.length > 0 && meet(0, 0);
}

function partsMeet(a: Parsed, b: Parsed): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const meet = (i: number, j: number): boolean => {
    const key = i * width + j;
    if (seen.has(key)) return false;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x === null && (meet(i + 1, j) || (j < b.length && meet(i, j + 1)))) return true;
    if (y === null && (meet(i, j + 1) || (i < a.length && meet(i + 1, j)))) return true;
    if (x && y) return segmentsMeet(x, y) && meet(i + 1, j + 1);
    return false;
  };
  return meet(0, 0);
}

/** Whether some path matches both globs: two reservations of them conflict. */
export function globsOverlap(a: string, b: string): boolean {
  return partsMeet(parse(a), parse(b));
}

/** A literal path as the glob that matches exactly it. */
export function escapePathGlob(path: string): string {
  return path.replace(/[*?[\]\\]/g, "\\$&");
}

/** Whether `path` (relative to the repository root, `/`-separated) matches the glob. */
export function pathMatches(glob: string, path: string): boolean {
  return globsOverlap(glob, escapePathGlob(path));
}
