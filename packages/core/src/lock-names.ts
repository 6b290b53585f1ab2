import { checkInput, LockNameSchema, LockPatternSchema } from "./bounds.js";
import { InvalidInputError } from "./errors.js";

/** The name `work`: derived from the current git branch. */
export const WORK_NAME = "work";

/**
 * Validates a lock name and returns the name it is stored under: names without `:` are resource
 * locks (`pytest-api` → `resource:pytest-api`); `issue:42`, `wave:5c`, `branch:x` stay as given.
 */
export function normalizeLockName(name: string): string {
  checkInput(LockNameSchema, name, "lock_name");
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
  checkInput(LockPatternSchema, pattern, "pattern");
  if (pattern === "*" || pattern.includes(":")) return pattern;
  return `resource:${pattern}`;
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
