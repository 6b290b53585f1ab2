import { dirname, join, resolve } from "node:path";
import type { FsLayer } from "./fs-layer.js";
import { errnoOf, unavailableError } from "./storage-errors.js";

/** Where each kind of record lives under the coordination directory. */
export interface Layout {
  root: string;
  /** One file per existing lock name (`<encoded name>.json`): its holds, line and requests. */
  locks: string;
  /** The last record of each name that stopped existing: its tokens are the name's counter. */
  fencing: string;
  /** Each session's index of its holds and places in lines (held-index.ts). */
  held: string;
  sessions: string;
  /** One file per claimed issue. */
  claims: string;
  /** A copy of each session's claim, so finding it reads one file. */
  claimOf: string;
  /** The history: `events.jsonl` and the file before it, `events.1.jsonl`. */
  events: string;
  /** One directory per session with notices waiting for it, one file per notice. */
  notices: string;
  /** One file per repository with path reservations. */
  reservations: string;
  /** proper-lockfile's guards. */
  guards: string;
  /** Temp files, on the same disk so rename and link stay atomic. */
  tmp: string;
}

export function layoutFor(dir: string): Layout {
  const root = resolve(dir);
  return {
    root,
    locks: join(root, "locks"),
    fencing: join(root, "fencing"),
    held: join(root, "held"),
    sessions: join(root, "sessions"),
    claims: join(root, "claims"),
    claimOf: join(root, "claim-of"),
    events: join(root, "events"),
    notices: join(root, "notices"),
    reservations: join(root, "reservations"),
    guards: join(root, "guards"),
    tmp: join(root, "tmp"),
  };
}

/**
 * Creates the directory tree (0700) on first use and says which parts it created; an unusable
 * directory is BackendUnavailableError.
 */
export function ensureLayout(fs: FsLayer, layout: Layout): Set<keyof Layout> {
  const created = new Set<keyof Layout>();
  try {
    for (const [part, dir] of Object.entries(layout) as Array<[keyof Layout, string]>) {
      if (makeDir(fs, dir)) created.add(part);
    }
  } catch (error) {
    throw unavailableError(layout.root, error);
  }
  return created;
}

/**
 * mkdir -p, one level at a time; true when `dir` was created. Not Node's `recursive: true`: that
 * spins forever when mkdir says ENOENT under a parent that exists (any path under /proc, or below
 * a dangling symlink), where this fails at once.
 */
function makeDir(fs: FsLayer, dir: string, parentMade = false): boolean {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (stat) return expectDirectory(stat.isDirectory(), dir);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
    return true;
  } catch (error) {
    if (errnoOf(error) === "EEXIST") return expectDirectory(fs.statSync(dir).isDirectory(), dir);
    // ENOENT means a missing parent, unless the parent was just made: then nothing can be made here.
    if (errnoOf(error) !== "ENOENT" || parentMade || dirname(dir) === dir) throw error;
  }
  makeDir(fs, dirname(dir));
  return makeDir(fs, dir, true);
}

/** False for a directory that was there already; ENOTDIR for anything else in its place. */
function expectDirectory(isDirectory: boolean, dir: string): false {
  if (!isDirectory) throw Object.assign(new Error(`${dir} is not a directory`), { code: "ENOTDIR" });
  return false;
}
