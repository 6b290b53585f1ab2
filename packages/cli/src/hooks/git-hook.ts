import { chmod, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { gitOutput, InvalidInputError } from "@agent-baton/core";
import { type BatonInvocation, shellQuote } from "./hook-commands.js";

/** The line that marks a pre-commit hook as baton's: only a file carrying it is ever rewritten or removed. */
const MARKER = "# baton: refuse a commit touching paths another live session reserved";

/** A repository's pre-commit hook as baton sees it: baton's of this version, baton's of another, none, or someone else's. */
export type GitHookState = "current" | "stale" | "missing" | "foreign";

/**
 * The command the hook runs: `reservations check --staged`, by absolute paths. Its all-clear on
 * stdout goes nowhere (git would print it on every commit); a refusal is on stderr.
 */
export const gitHookCommand = (invocation: BatonInvocation) =>
  `${[invocation.node, invocation.bin, "reservations", "check", "--staged"].map(shellQuote).join(" ")} >/dev/null`;

/** The whole hook file baton writes. */
export function gitHookText(invocation: BatonInvocation): string {
  return [
    "#!/bin/sh",
    MARKER,
    "# (written by `baton hooks install --git`; `baton hooks uninstall --git` removes it)",
    `exec ${gitHookCommand(invocation)}`,
    "",
  ].join("\n");
}

/**
 * The pre-commit hook git runs for the repository of `cwd`: git's own answer, so `core.hooksPath`
 * and linked worktrees (which share the main one's hooks) are honoured.
 */
export async function gitHookPath(cwd: string): Promise<string> {
  const hooks = await gitOutput(cwd, ["rev-parse", "--git-path", "hooks"]);
  if (hooks === null) {
    throw new InvalidInputError(
      `${cwd} is not inside a git repository; run baton hooks … --git inside the repository whose commits it guards`,
    );
  }
  return join(resolve(cwd, hooks.trim()), "pre-commit");
}

async function readHook(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

const stateOf = (text: string | null, invocation: BatonInvocation): GitHookState =>
  text === null
    ? "missing"
    : !text.includes(MARKER)
      ? "foreign"
      : text === gitHookText(invocation)
        ? "current"
        : "stale";

/** Where the hook is and what state it is in. */
export async function gitHookState(
  cwd: string,
  invocation: BatonInvocation,
): Promise<{ hook: string; state: GitHookState }> {
  const hook = await gitHookPath(cwd);
  return { hook, state: stateOf(await readHook(hook), invocation) };
}

/**
 * Writes baton's hook (atomically, executable) unless it is current; a pre-commit hook baton did
 * not write is left as it is and refused with what to do. Returns the state it found.
 */
export async function installGitHook(
  cwd: string,
  invocation: BatonInvocation,
): Promise<{ hook: string; state: GitHookState }> {
  const found = await gitHookState(cwd, invocation);
  if (found.state === "foreign") {
    throw new InvalidInputError(
      `${found.hook} is a pre-commit hook baton did not write, so it is left as it is; add the line \`${gitHookCommand(invocation)} || exit 1\` to it, or move it away and run baton hooks install --git again`,
    );
  }
  if (found.state === "current") return found;
  await mkdir(dirname(found.hook), { recursive: true });
  const temp = `${found.hook}.baton-${process.pid}.tmp`;
  await writeFile(temp, gitHookText(invocation), { mode: 0o755 });
  // the umask may have narrowed the mode: git runs only an executable hook
  await chmod(temp, 0o755);
  await rename(temp, found.hook);
  return found;
}

/** Removes the pre-commit hook if it is baton's (of any version); anything else stays. Returns the state it found. */
export async function uninstallGitHook(
  cwd: string,
  invocation: BatonInvocation,
): Promise<{ hook: string; state: GitHookState }> {
  const found = await gitHookState(cwd, invocation);
  if (found.state === "current" || found.state === "stale") await unlink(found.hook);
  return found;
}
