import { repoName } from "@agent-baton/core";

/** `pytest-<repo>`: one name for every worktree and clone of a repository (core's repoName). */
export async function pytestLockName(cwd: string): Promise<string> {
  const repo = (await repoName(cwd)).replace(/[^\x21-\x7e]|:/g, "-");
  return `pytest-${repo || "repo"}`.slice(0, 200);
}
