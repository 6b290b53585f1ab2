import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Cluster, Redis } from "ioredis";

/** Bumped whenever a script changes, so two baton versions on one Redis never run each other's. */
const SCRIPT_VERSION = 4;

/** Every script in lua/, named `name-<numberOfKeys>.lua`. */
const SCRIPTS = [
  "acquire-2",
  "extend-1",
  "release-2",
  "watch-2",
  "force-release-1",
  "claim-2",
  "release-claim-1",
  "end-session-2",
  "update-session-1",
] as const;

type ScriptArg = string | number;

/** The scripts as functions of their KEYS then their ARGV. */
export interface Scripts {
  acquire(...args: ScriptArg[]): Promise<string>;
  extend(...args: ScriptArg[]): Promise<string>;
  release(...args: ScriptArg[]): Promise<string>;
  watch(...args: ScriptArg[]): Promise<number>;
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

/** `end-session-2` → `endSession`. */
function methodName(file: string): string {
  return file.replace(/-\d+$/, "").replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** Runs a script by its SHA ("evalsha") or by its body ("eval", which also loads it). */
export type ScriptRunner = (
  command: "evalsha" | "eval",
  script: string,
  numberOfKeys: number,
  args: ScriptArg[],
) => Promise<unknown>;

/** Runs scripts through an ioredis client's own commands. */
export const clientRunner =
  (client: Redis | Cluster): ScriptRunner =>
  (command, script, numberOfKeys, args) =>
    client[command](script, numberOfKeys, ...args);

/**
 * Each script as a function of its KEYS then its ARGV, run by EVALSHA and, when the server lacks it
 * (first use, restart, failover), by EVAL, which also loads it.
 */
export function defineScripts(run: ScriptRunner): Scripts {
  const scripts: Record<string, (...args: ScriptArg[]) => Promise<unknown>> = {};
  for (const [file, lua] of loadSources()) {
    const numberOfKeys = Number(file.slice(file.lastIndexOf("-") + 1));
    // The version line makes the SHA, hence the loaded name, differ between script versions.
    const body = `-- baton v${SCRIPT_VERSION} ${file}\n${lua}`;
    const sha = createHash("sha1").update(body).digest("hex");
    const onMissing = (args: ScriptArg[]) => (error: Error) => {
      if (!error.message.startsWith("NOSCRIPT")) throw error;
      return run("eval", body, numberOfKeys, args);
    };
    scripts[methodName(file)] = (...args) => run("evalsha", sha, numberOfKeys, args).catch(onMissing(args));
  }
  return scripts as unknown as Scripts;
}
