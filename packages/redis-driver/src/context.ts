import type { ChangeWatcher } from "./change-watcher.js";
import type { Client, Connection, ConnectionSettings } from "./connection.js";
import type { KeyLayout } from "./keys.js";
import type { Scripts } from "./scripts.js";

/** What each group of driver steps (locks, sessions, claims, history) is built on. */
export interface DriverContext {
  client: Client;
  keys: KeyLayout;
  scripts: Scripts;
  settings: ConnectionSettings;
  connection: Connection;
  /**
   * ARGV[1..4] of every script (lua/includes/context.lua): key base, history length (0: off), keep
   * ms, and where the original scripts keep their locks ("" on a cluster: outside baton's slot).
   */
  common: [string, number, number, string];
  /** The original scripts' lock keys, `claude:locks:` (see original-keys.ts), or "" when not looked at. */
  originalKeys: string;
  /** How long a session record outlives its last update. */
  sessionTtlMs: number;
  /** Runs one driver step on a ready client, turning whatever it throws into core's errors. */
  run<T>(step: () => Promise<T>): Promise<T>;
  /** Core's error for whatever a call threw, naming the URL. */
  batonError(error: unknown): Error;
  /** The subscriber that wakes waiters, made on first use. */
  watcher(): ChangeWatcher;
  /** The subscriber if one was made. */
  openWatcher(): ChangeWatcher | undefined;
}

/** Redis's clock in ms (TIME), which lock expiry runs on. */
export async function serverNow(client: Client): Promise<number> {
  const [seconds, micros] = await client.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
