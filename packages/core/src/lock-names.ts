import { InvalidInputError } from "./errors.js";

const MAX_NAME = 200;
const PRINTABLE_NO_SPACE = /^[\x21-\x7e]+$/;

/** The name `work`: derived from the current git branch. */
export const WORK_NAME = "work";

/**
 * Validates a lock name and returns the name it is stored under: names without `:` are resource
 * locks (`pytest-api` → `resource:pytest-api`); `issue:42`, `wave:5c`, `branch:x` stay as given.
 */
export function normalizeLockName(name: string): string {
  validatePrintable(name, "lock name");
  if (name.startsWith(":") || name.endsWith(":")) {
    throw new InvalidInputError(
      `invalid lock name "${name}": a ':' needs text on both sides (e.g. issue:42)`,
      {
        field: "lock_name",
      },
    );
  }
  return name.includes(":") ? name : `resource:${name}`;
}

/** Validates a list pattern (glob) and maps it onto stored names the way normalizeLockName does. */
export function normalizeLockPattern(pattern: string): string {
  validatePrintable(pattern, "pattern");
  if (pattern === "*" || pattern.includes(":")) return pattern;
  return `resource:${pattern}`;
}

function validatePrintable(name: string, what: string): void {
  if (typeof name !== "string" || name.length === 0) {
    throw new InvalidInputError(
      `invalid ${what}: it is empty; give 1-${MAX_NAME} printable ASCII characters`,
      {
        field: "lock_name",
      },
    );
  }
  if (name.length > MAX_NAME) {
    throw new InvalidInputError(
      `invalid ${what}: ${name.length} characters is too long; use at most ${MAX_NAME} printable ASCII characters`,
      { field: "lock_name" },
    );
  }
  if (!PRINTABLE_NO_SPACE.test(name)) {
    const bad = [...name].find((c) => !PRINTABLE_NO_SPACE.test(c)) ?? "";
    const shown = JSON.stringify(bad);
    throw new InvalidInputError(
      `invalid ${what} ${JSON.stringify(name)}: character ${shown} is not allowed; use printable ASCII without spaces or control characters`,
      { field: "lock_name" },
    );
  }
}

/**
 * Maps a git branch to the lock name `work` stands for: `issue-42-auth` → `issue:42`,
 * `wave-5c.1-feat` and `wave-5c-1-feat` → `wave:5c.1`, `wave-3-cleanup` → `wave:3`, else `branch:NAME`.
 */
export function lockNameForBranch(branch: string): string {
  const issue = /^issue-(\d+)(?:-|$)/.exec(branch);
  if (issue) return `issue:${issue[1]}`;
  const wave = /^wave-(\d+[a-z]?)(?:[.-](\d+))?(?:-|$)/.exec(branch);
  if (wave) return wave[2] === undefined ? `wave:${wave[1]}` : `wave:${wave[1]}.${wave[2]}`;
  return `branch:${branch}`;
}

/** Converts a glob (`*`, `?`, `[...]`) to an anchored RegExp over stored names. */
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
