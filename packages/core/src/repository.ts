import { realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { gitOutput, originUrl } from "./git.js";

/** A git worktree and the repository it belongs to. */
export interface Repository {
  /**
   * What every worktree and clone of the repository shares: `origin`'s URL without scheme, user,
   * port and `.git` (`github.com/acme/api`), or for a local origin or none, the main worktree's
   * path (a clone of `/src/api` and `/src/api` itself share `/src/api`).
   */
  key: string;
  /** The top of this worktree. */
  root: string;
  /** The git directory the repository's worktrees share. */
  commonDir: string;
  /** Whether this is a linked worktree (`git worktree add`), not the main one. */
  linked: boolean;
}

/** `origin`'s URL as a repository key; local paths are resolved from `root`. */
export function repositoryKeyOfUrl(url: string, root: string): string {
  const text = url.trim();
  const scp = /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+)$/.exec(text);
  const remote = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(text);
  const found = text.startsWith("file://") ? null : (remote ?? (isAbsolute(text) ? null : scp));
  if (found) return `${found[1]!.toLowerCase()}/${stripGit(found[2]!)}`;
  return stripGit(resolve(root, text.replace(/^file:\/\//, "")));
}

function stripGit(path: string): string {
  return path
    .replace(/\/+$/, "")
    .replace(/\/\.git$/, "")
    .replace(/\.git$/, "");
}

/** The repository of the worktree containing `dir` (which must exist), or null outside git. */
export async function findRepository(dir: string): Promise<Repository | null> {
  const [layout, url] = await Promise.all([
    gitOutput(dir, [
      "rev-parse",
      "--path-format=absolute",
      "--show-toplevel",
      "--git-common-dir",
      "--absolute-git-dir",
    ]),
    originUrl(dir),
  ]);
  const [root, commonDir, gitDir] = layout?.split("\n") ?? [];
  if (!root || !commonDir || !gitDir) return null;
  const main = basename(commonDir) === ".git" ? dirname(commonDir) : commonDir;
  return {
    key: url ? repositoryKeyOfUrl(url, root) : main,
    root,
    commonDir,
    linked: resolve(gitDir) !== resolve(commonDir),
  };
}

/**
 * `path` (absolute, or relative to `cwd`) relative to the worktree root `root`, `/`-separated, with
 * symlinks of its existing part resolved as git resolves the root; null when it lies outside.
 */
export function pathInWorktree(root: string, path: string, cwd = process.cwd()): string | null {
  const absolute = resolve(cwd, path);
  const rest: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      existing = realpathSync(existing);
      break;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return null;
      rest.unshift(basename(existing));
      existing = parent;
    }
  }
  const inside = relative(root, join(existing, ...rest));
  if (inside === "") return "";
  if (inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) return null;
  return inside.split(sep).join("/");
}

/** The nearest directory at or above `path` that exists (a file's folder, or the folder it will be created in). */
export function existingDirOf(path: string): string {
  let dir = resolve(path);
  for (;;) {
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (stat) return stat.isDirectory() ? dir : dirname(dir);
    const parent = dirname(dir);
    if (parent === dir) return dir;
    dir = parent;
  }
}
