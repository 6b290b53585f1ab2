import { basename, dirname, resolve } from "node:path";

/** What git exports to its hooks that would point a git run elsewhere than the repository of its cwd. */
const LOCATING_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX"];

/**
 * git's stdout as it is, or null when git fails, is missing, or `cwd` is outside a repository.
 * git runs on the repository of `cwd` even inside a git hook, unless `hookEnv` keeps the
 * variables git gave the hook (a pre-commit hook reads the index being committed through them).
 */
export async function gitOutput(
  cwd: string,
  args: string[],
  options: { hookEnv?: boolean } = {},
): Promise<string | null> {
  // Loaded on first use: child_process (and net with it) costs every short CLI run a few ms.
  const { execFile } = await import("node:child_process");
  const env = { ...process.env };
  if (!options.hookEnv) for (const name of LOCATING_ENV) delete env[name];
  return new Promise((done) => {
    execFile(
      "git",
      args,
      { cwd, env, timeout: 5_000, encoding: "utf8", maxBuffer: 64 << 20 },
      (error, stdout) => {
        done(error ? null : stdout);
      },
    );
  });
}

async function git(cwd: string, args: string[]): Promise<string | null> {
  return (await gitOutput(cwd, args))?.trim() || null;
}

/** The checked-out branch, or null when detached, outside git, or git is missing. */
export async function currentBranch(cwd: string): Promise<string | null> {
  const branch = await git(cwd, ["rev-parse", "--abbrev-ref", "HEAD"]);
  return branch === "HEAD" ? null : branch;
}

/** The top of the worktree containing `cwd`, or null outside git. */
export function worktreeRoot(cwd: string): Promise<string | null> {
  return git(cwd, ["rev-parse", "--show-toplevel"]);
}

/** The URL of `origin`, or null. */
export function originUrl(cwd: string): Promise<string | null> {
  return git(cwd, ["remote", "get-url", "origin"]);
}

/** `owner/name` from a GitHub remote in https, ssh or scp form; null for anything else. */
export function parseGitHubRepo(url: string): string | null {
  const m =
    /^(?:https?:\/\/(?:[^@/]+@)?github\.com\/|ssh:\/\/git@github\.com(?::\d+)?\/|git@github\.com:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return m ? `${m[1]}/${m[2]}` : null;
}

/** `owner/name` of the GitHub repository `origin` points at, or null. */
export async function detectGitHubRepo(cwd: string): Promise<string | null> {
  const url = await originUrl(cwd);
  return url ? parseGitHubRepo(url) : null;
}

/**
 * The repository's name, the same in every worktree and clone: the last part of `origin`'s URL,
 * else the main worktree's folder name, else the folder's own name outside git.
 */
export async function repoName(cwd: string): Promise<string> {
  const url = await originUrl(cwd);
  if (url) {
    const m = /([^/:]+?)(?:\.git)?\/?$/.exec(url.trim());
    if (m?.[1]) return m[1];
  }
  const common = await git(cwd, ["rev-parse", "--path-format=absolute", "--git-common-dir"]);
  if (common) return basename(dirname(resolve(cwd, common)));
  return basename(resolve(cwd));
}
