import { InvalidInputError } from "@agent-baton/core";
import { EXIT } from "../exit-codes.js";
import { type GitHookState, gitHookState, installGitHook, uninstallGitHook } from "../hooks/git-hook.js";
import type { BatonInvocation } from "../hooks/hook-commands.js";
import { Output } from "../output.js";

export interface GitHookOptions {
  user?: boolean;
  project?: boolean;
  json?: boolean;
}

function onlyGit(o: GitHookOptions): Output {
  if (o.user || o.project) {
    throw new InvalidInputError(
      "--git is the repository's pre-commit hook, --user and --project are Claude Code settings: give one of them",
    );
  }
  return new Output(o.json === true);
}

/** One line saying what state the hook is in and what to do when it is not current. */
export function gitHookLine(out: Output, hook: string, state: GitHookState): string {
  switch (state) {
    case "current":
      return `${out.green("✓")} git pre-commit hook in ${hook}: current`;
    case "stale":
      return `${out.red("✗")} git pre-commit hook in ${hook}: another baton's path; run: baton hooks install --git`;
    case "missing":
      return `${out.dim("·")} git pre-commit hook in ${hook}: none`;
    case "foreign":
      return `${out.dim("·")} git pre-commit hook in ${hook}: not baton's (it does not check reservations unless it runs \`baton reservations check --staged\`)`;
  }
}

/** `baton hooks install --git`: baton's pre-commit hook in this repository, unless another one is there. */
export async function installGit(o: GitHookOptions, invocation: BatonInvocation): Promise<number> {
  const out = onlyGit(o);
  const { hook, state } = await installGitHook(process.cwd(), invocation);
  const action = state === "current" ? "unchanged" : state === "stale" ? "updated" : "installed";
  out.result({ git_hook: hook, action }, () =>
    action === "unchanged"
      ? out.dim(`baton's git pre-commit hook in ${hook} is current; nothing to change`)
      : `${out.green("+")} ${hook}: ${action} (refuses a commit touching paths another live session reserved)`,
  );
  return EXIT.ok;
}

/** `baton hooks uninstall --git`: removes baton's pre-commit hook, never another one. */
export async function uninstallGit(o: GitHookOptions, invocation: BatonInvocation): Promise<number> {
  const out = onlyGit(o);
  const { hook, state } = await uninstallGitHook(process.cwd(), invocation);
  const action = state === "current" || state === "stale" ? "removed" : state === "foreign" ? "kept" : "none";
  out.result({ git_hook: hook, action }, () =>
    action === "removed"
      ? `${out.yellow("-")} ${hook}: removed`
      : action === "kept"
        ? out.dim(`${hook} is not baton's; left as it is`)
        : out.dim(`no pre-commit hook in ${hook}; nothing to remove`),
  );
  return EXIT.ok;
}

/** `baton hooks status --git`: whether this repository's pre-commit hook is baton's current one. */
export async function statusGit(o: GitHookOptions, invocation: BatonInvocation): Promise<number> {
  const out = onlyGit(o);
  const { hook, state } = await gitHookState(process.cwd(), invocation);
  out.result({ git_hook: hook, state }, () => gitHookLine(out, hook, state));
  return EXIT.ok;
}
