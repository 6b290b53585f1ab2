import { readFileSync } from "node:fs";
import type { Client } from "./connection.js";

/** Each script's file in lua/, named `name-<numberOfKeys>.lua`. */
const FILES = {
  acquire: "acquire-3",
  leave: "leave-2",
  release: "release-3",
  watch: "watch-1",
  extend: "extend-2",
  forceRelease: "force-release-2",
  requestRelease: "request-release-2",
  endSession: "end-session-4",
  reap: "reap-2",
  putSession: "put-session-2",
  updateSession: "update-session-2",
  claim: "claim-3",
  releaseClaim: "release-claim-2",
  changeReservations: "change-reservations-4",
  recordEvents: "record-events-1",
} as const;

type Arg = string | number;
/** How release and extend answer: the outcome, then the hold's JSON when there is one. */
export type LockChangeReply = ["done" | "not_owner", string] | ["not_found"];
/** How acquire answers (lua/acquire-3.lua): outcome, state, position, slots in force, the original's value and expiry. */
export type AcquireReply = [
  "acquired" | "extended" | "queued" | "refused" | "slots",
  string,
  number,
  number,
  string,
  number,
];

/** The scripts as functions of their KEYS then their ARGV; each file's header documents its own. */
export interface Scripts {
  acquire(...keysThenArgs: Arg[]): Promise<AcquireReply>;
  leave(...keysThenArgs: Arg[]): Promise<number>;
  release(...keysThenArgs: Arg[]): Promise<LockChangeReply>;
  watch(...keysThenArgs: Arg[]): Promise<number>;
  extend(...keysThenArgs: Arg[]): Promise<LockChangeReply>;
  forceRelease(...keysThenArgs: Arg[]): Promise<string[]>;
  requestRelease(...keysThenArgs: Arg[]): Promise<string | null>;
  endSession(...keysThenArgs: Arg[]): Promise<string[]>;
  reap(...keysThenArgs: Arg[]): Promise<number>;
  putSession(...keysThenArgs: Arg[]): Promise<number>;
  updateSession(...keysThenArgs: Arg[]): Promise<string | null>;
  claim(...keysThenArgs: Arg[]): Promise<[number, string, string, string]>;
  releaseClaim(...keysThenArgs: Arg[]): Promise<string | null>;
  changeReservations(...keysThenArgs: Arg[]): Promise<number | null>;
  recordEvents(...keysThenArgs: Arg[]): Promise<number>;
}

/** lua/ sits beside src/ and dist/ alike, so one relative URL serves the sources and the package. */
const luaDir = new URL("../lua/", import.meta.url);
const INCLUDE = /^--- @include "([\w-]+)"$/gm;

const read = (path: string) => readFileSync(new URL(path, luaDir), "utf8");

/**
 * A script's source with each `--- @include "name"` line replaced by lua/includes/name.lua, as
 * bullmq does; `includes` keeps each include read once.
 */
export function scriptSource(file: string, includes = new Map<string, string>()): string {
  return read(`${file}.lua`).replace(INCLUDE, (_, name: string) => {
    const text = includes.get(name) ?? read(`includes/${name}.lua`);
    includes.set(name, text);
    return text;
  });
}

/**
 * Registers every script on the client with ioredis's `defineCommand` (EVALSHA, and EVAL when the
 * server lacks the script) under a name carrying the script's version line, as bullmq does, so two
 * baton versions sharing a client never call each other's. The version line is part of the body,
 * so their SHAs differ on the server too.
 */
export function defineScripts(client: Client): Scripts {
  const commands = client as unknown as Record<string, (...args: Arg[]) => Promise<unknown>>;
  const scripts: Record<string, (...args: Arg[]) => Promise<unknown>> = {};
  const includes = new Map<string, string>();
  for (const [method, file] of Object.entries(FILES)) {
    const lua = scriptSource(file, includes);
    const version = /^-- version (\d+)$/m.exec(lua)?.[1];
    if (version === undefined) throw new Error(`lua/${file}.lua lacks its "-- version N" line`);
    const name = `baton:${file}:v${version}`;
    client.defineCommand(name, { numberOfKeys: Number(file.slice(file.lastIndexOf("-") + 1)), lua });
    const command = commands[name]!;
    scripts[method] = (...args) => command.apply(client, args);
  }
  return scripts as unknown as Scripts;
}
