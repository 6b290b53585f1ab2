import { readFileSync } from "node:fs";
import type { Cluster, Redis } from "ioredis";

/** Bumped whenever a script changes, so two baton versions on one Redis never run each other's. */
const SCRIPT_VERSION = 1;

/** Every script in lua/, named `name-<numberOfKeys>.lua`. */
const SCRIPTS = [
  "acquire-3",
  "extend-2",
  "release-1",
  "force-release-1",
  "claim-2",
  "release-claim-1",
  "end-session-3",
  "update-session-1",
] as const;

type ScriptArg = string | number;

/** The scripts as functions of their KEYS then their ARGV. */
export interface Scripts {
  acquire(...args: ScriptArg[]): Promise<[number, string]>;
  extend(...args: ScriptArg[]): Promise<[string, string]>;
  release(...args: ScriptArg[]): Promise<[string, string]>;
  forceRelease(...args: ScriptArg[]): Promise<string | null>;
  claim(...args: ScriptArg[]): Promise<[number, string, string, string]>;
  releaseClaim(...args: ScriptArg[]): Promise<string | null>;
  endSession(...args: ScriptArg[]): Promise<string[]>;
  updateSession(...args: ScriptArg[]): Promise<string | null>;
}

/** lua/ sits beside src/ and dist/ alike, so one relative URL serves the sources and the package. */
const luaDir = new URL("../lua/", import.meta.url);

let sources: Map<string, string> | undefined;

function loadSources(): Map<string, string> {
  sources ??= new Map(SCRIPTS.map((file) => [file, readFileSync(new URL(`${file}.lua`, luaDir), "utf8")]));
  return sources;
}

/** `end-session-3` → `endSession`. */
function methodName(file: string): string {
  return file.replace(/-\d+$/, "").replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

type Invoke = (...args: ScriptArg[]) => Promise<unknown>;

/**
 * Registers every script on the client with defineCommand under a versioned name
 * (`baton_v1_acquire`), run by EVALSHA with a fallback to EVAL, and returns them as functions.
 */
export function defineScripts(client: Redis | Cluster): Scripts {
  const scripts: Record<string, Invoke> = {};
  for (const [file, lua] of loadSources()) {
    const numberOfKeys = Number(file.slice(file.lastIndexOf("-") + 1));
    const method = methodName(file);
    const command = `baton_v${SCRIPT_VERSION}_${method}`;
    client.defineCommand(command, { numberOfKeys, lua });
    const invoke = (client as unknown as Record<string, Invoke>)[command]!;
    scripts[method] = (...args) => invoke.apply(client, args);
  }
  return scripts as unknown as Scripts;
}
