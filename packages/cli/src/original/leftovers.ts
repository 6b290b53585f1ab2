import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * What the original scripts leave in `COORDINATION_DIR` (the same folder as baton's file backend):
 * `locks/NAME.lock` (JSON: session_id, worktree, operation, acquired_at, pid, expires_at),
 * `sessions/<id>.json` beside baton's own session records (`<id>.json.corrupt` once baton's file
 * driver has moved it aside), `heartbeat/<id>.heartbeat` (its mtime is the beat) and `config.json`.
 */
export interface OriginalLock {
  name: string;
  file: string;
  session_id: string | null;
  worktree: string | null;
  operation: string | null;
  acquired_at: string | null;
  pid: number | null;
  expires_at: string | null;
  /** Its `expires_at` is in the future: the original treats it as held. */
  live: boolean;
}

export interface OriginalSession {
  session_id: string;
  /** Its files: the session record and/or the heartbeat. */
  files: string[];
  /** Seconds since its heartbeat file was touched; null without one. */
  heartbeat_age_seconds: number | null;
}

export interface OriginalLeftovers {
  dir: string;
  locks: OriginalLock[];
  sessions: OriginalSession[];
  /** The original's `config.json`, which baton does not read. */
  config: string | null;
}

async function names(dir: string, suffix: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith(suffix)).sort();
  } catch {
    return [];
  }
}

async function readJson(file: string): Promise<Record<string, unknown> | null> {
  try {
    const data: unknown = JSON.parse(await readFile(file, "utf8"));
    return typeof data === "object" && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

async function readLock(dir: string, name: string, now: number): Promise<OriginalLock> {
  const file = join(dir, "locks", name);
  const data = (await readJson(file)) ?? {};
  const expires = text(data.expires_at);
  return {
    name: name.slice(0, -".lock".length),
    file,
    session_id: text(data.session_id),
    worktree: text(data.worktree),
    operation: text(data.operation),
    acquired_at: text(data.acquired_at),
    pid: typeof data.pid === "number" ? data.pid : null,
    expires_at: expires,
    live: expires !== null && Date.parse(expires) > now,
  };
}

/** The original's files in the coordination directory; baton's own records there are left out. */
export async function findOriginalLeftovers(dir: string, now = Date.now()): Promise<OriginalLeftovers> {
  const locks = await Promise.all(
    (await names(join(dir, "locks"), ".lock")).map((n) => readLock(dir, n, now)),
  );
  const sessions = new Map<string, OriginalSession>();
  const session = (id: string) => {
    const known = sessions.get(id);
    if (known) return known;
    const s: OriginalSession = { session_id: id, files: [], heartbeat_age_seconds: null };
    sessions.set(id, s);
    return s;
  };
  // baton's file driver moves a session record it cannot read (the original's) aside as `.corrupt`.
  const records = [
    ...(await names(join(dir, "sessions"), ".json")),
    ...(await names(join(dir, "sessions"), ".json.corrupt")),
  ];
  for (const name of records) {
    const file = join(dir, "sessions", name);
    const data = await readJson(file);
    // baton's session records carry host and last_heartbeat; the original's carry neither.
    if (!data || "last_heartbeat" in data || typeof data.session_id !== "string") continue;
    session(data.session_id).files.push(file);
  }
  for (const name of await names(join(dir, "heartbeat"), ".heartbeat")) {
    const file = join(dir, "heartbeat", name);
    const s = session(name.slice(0, -".heartbeat".length));
    s.files.push(file);
    try {
      s.heartbeat_age_seconds = Math.max(0, Math.round((now - (await stat(file)).mtimeMs) / 1000));
    } catch {}
  }
  const config = join(dir, "config.json");
  let hasConfig = false;
  try {
    hasConfig = (await stat(config)).isFile();
  } catch {}
  return { dir, locks, sessions: [...sessions.values()], config: hasConfig ? config : null };
}
