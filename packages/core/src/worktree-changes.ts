import { lstatSync } from "node:fs";
import { join } from "node:path";
import { gitOutput } from "./git.js";
import type { ChangedFile } from "./schemas/overlap.js";

/** What a worktree has changed: every path with since when, and the base unpushed commits count from. */
export interface WorktreeChanges {
  base: string | null;
  changed: ChangedFile[];
}

/** Runs git in `root` without rename detection, so a moved file counts as both of its paths. */
const git = (root: string, args: string[]) => gitOutput(root, ["-c", "core.quotePath=false", ...args]);

/**
 * What unpushed commits count from: the branch's upstream, else `origin/HEAD`, else in a linked
 * worktree the branch the main worktree has checked out; null when none applies.
 */
async function baseOf(root: string): Promise<string | null> {
  const upstream = await git(root, ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]);
  if (upstream?.trim()) return upstream.trim();
  if (await git(root, ["rev-parse", "--verify", "--quiet", "refs/remotes/origin/HEAD"])) return "origin/HEAD";
  const listing = await git(root, ["worktree", "list", "--porcelain"]);
  const [main, ...linked] = (listing ?? "").split("\n\n");
  const own = await git(root, ["rev-parse", "--show-toplevel"]);
  if (!main || !own || !linked.some((block) => block.startsWith(`worktree ${own.trim()}\n`))) return null;
  const branch = /^branch refs\/heads\/(.+)$/m.exec(main)?.[1];
  return branch ?? null;
}

/** Paths in commits on HEAD that `base` lacks, each with its first such commit's time. */
async function committed(root: string, base: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const log = await git(root, [
    "log",
    "-z",
    "--no-renames",
    "--format=%x01%ct",
    "--name-only",
    `${base}..HEAD`,
  ]);
  let time = 0;
  for (const token of (log ?? "").split("\0")) {
    if (token.startsWith("\x01")) time = Number(token.slice(1)) * 1000;
    else if (token.replace(/^\n/, "") !== "") out.set(token.replace(/^\n/, ""), time); // oldest commit comes last
  }
  return out;
}

/** Staged, unstaged and untracked paths, from `git status`. */
async function uncommitted(root: string): Promise<string[]> {
  const status = await git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"]);
  return (status ?? "")
    .split("\0")
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}

function modified(root: string, path: string): number | null {
  return lstatSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs ?? null;
}

/** Every path the worktree at `root` has changed against its base, oldest change first per path. */
export async function worktreeChanges(root: string): Promise<WorktreeChanges> {
  const base = await baseOf(root);
  const [inCommits, onDisk] = await Promise.all([
    base ? committed(root, base) : new Map<string, number>(),
    uncommitted(root),
  ]);
  const since = new Map<string, number | null>(inCommits);
  for (const path of onDisk) {
    const time = modified(root, path);
    const known = since.get(path);
    since.set(path, known == null ? time : time === null ? known : Math.min(known, time));
  }
  const changed = [...since]
    .map(([path, time]) => ({ path, since: time === null ? null : new Date(Math.floor(time)).toISOString() }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { base, changed };
}
