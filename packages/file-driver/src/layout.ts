import { join, resolve } from "node:path";
import type { FsLayer } from "./fs-layer.js";
import { unavailableError } from "./storage-errors.js";

/** Where each kind of record lives under the coordination directory. */
export interface Layout {
  root: string;
  /** One file per held lock: `<encoded name>.json`. */
  locks: string;
  /** The last released record of each lock name: its fencing token is the name's counter. */
  fencing: string;
  sessions: string;
  /** One file per claimed issue. */
  claims: string;
  /** proper-lockfile's guard directories. */
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
    sessions: join(root, "sessions"),
    claims: join(root, "claims"),
    guards: join(root, "guards"),
    tmp: join(root, "tmp"),
  };
}

/** Creates the directory tree (0700) on first use; an unusable directory is BackendUnavailableError. */
export function ensureLayout(fs: FsLayer, layout: Layout): void {
  const { root, ...subdirs } = layout;
  try {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const sub of Object.values(subdirs)) fs.mkdirSync(sub, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unavailableError(root, error);
  }
}
