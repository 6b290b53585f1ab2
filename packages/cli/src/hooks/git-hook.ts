import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, gitOutput, InvalidInputError } from "@agent-baton/core";

/** The line that marks a pre-commit hook as baton's. */
const MARKER = "# baton: path reservations pre-commit hook";
/** Where a pre-commit hook that was there before baton's is kept; baton's runs it first. */
const CHAINED = "pre-commit.baton-chained";

/** baton's pre-commit hook: the hook it replaced first, then the reservation check. */
export const PRE_COMMIT = `#!/bin/sh
${MARKER} (baton hooks install --git; baton hooks uninstall --git removes it)
dir=$(dirname "$0")
if [ -x "$dir/${CHAINED}" ]; then
  "$dir/${CHAINED}" "$@" || exit $?
fi
if ! command -v baton >/dev/null 2>&1; then
  echo "baton: not on PATH; this commit was not checked against path reservations" >&2
  exit 0
fi
baton reservations check --staged >/dev/null
status=$?
# 1 means another live session reserved a staged path; a backend or config error lets the commit through
[ "$status" -eq 1 ] && exit 1
exit 0
`;

/** The hooks folder of the repository at `cwd`, as git resolves it (core.hooksPath included). */
export async function hooksDir(cwd: string): Promise<string> {
  const dir = (await gitOutput(cwd, ["rev-parse", "--path-format=absolute", "--git-path", "hooks"]))?.trim();
  if (!dir)
    throw new InvalidInputError(
      `${cwd} is not inside a git repository; run baton hooks install --git in one`,
    );
  return dir;
}

const isBaton = (path: string) => existsSync(path) && readFileSync(path, "utf8").includes(MARKER);

/** Whether baton's pre-commit hook is in `dir`. */
export function gitHookInstalled(dir: string): boolean {
  return isBaton(join(dir, "pre-commit"));
}

/** Installs baton's pre-commit hook in `dir`; a hook already there is kept and run first. False when it was installed. */
export async function installGitHook(dir: string): Promise<boolean> {
  const hook = join(dir, "pre-commit");
  if (isBaton(hook)) return false;
  await mkdir(dir, { recursive: true });
  if (existsSync(hook)) {
    if (existsSync(join(dir, CHAINED))) {
      throw new ConfigError(
        `${join(dir, CHAINED)} exists already; move it away before installing baton's pre-commit hook`,
      );
    }
    await rename(hook, join(dir, CHAINED));
  }
  const temp = `${hook}.baton-${process.pid}.tmp`;
  await writeFile(temp, PRE_COMMIT, { mode: 0o755 });
  await chmod(temp, 0o755);
  await rename(temp, hook);
  return true;
}

/** Removes baton's pre-commit hook and puts back the one it chained. False when it was not installed. */
export async function uninstallGitHook(dir: string): Promise<boolean> {
  const hook = join(dir, "pre-commit");
  if (!isBaton(hook)) return false;
  await unlink(hook);
  if (existsSync(join(dir, CHAINED))) await rename(join(dir, CHAINED), hook);
  return true;
}
