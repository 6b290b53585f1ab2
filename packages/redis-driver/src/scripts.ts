import { readFileSync } from "node:fs";
import type { Client } from "./connection.js";

/** Each script's file in lua/, named `name-<numberOfKeys>.lua`. */
const FILES = {
  acquire: "acquire-3",
  extend: "extend-2",
  release: "release-3",
  watch: "watch-2",
  forceRelease: "force-release-1",
  claim: "claim-2",
  releaseClaim: "release-claim-1",
  endSession: "end-session-3",
  updateSession: "update-session-1",
  changeReservations: "change-reservations-3",
} as const;

type Arg = string | number;
/** How release and extend answer (lua/release-3.lua): the outcome, then the lock's value when there is one. */
export type LockChangeReply = ["done" | "not_owner", string] | ["not_found"];

/** The scripts as functions of their KEYS then their ARGV; each file's header documents its own. */
export interface Scripts {
  acquire(...keysThenArgs: Arg[]): Promise<["acquired" | "extended" | "held", string]>;
  extend(...keysThenArgs: Arg[]): Promise<LockChangeReply>;
  release(...keysThenArgs: Arg[]): Promise<LockChangeReply>;
  watch(...keysThenArgs: Arg[]): Promise<number>;
  forceRelease(...keysThenArgs: Arg[]): Promise<string | null>;
  claim(...keysThenArgs: Arg[]): Promise<[number, string, string, string]>;
  releaseClaim(...keysThenArgs: Arg[]): Promise<string | null>;
  endSession(...keysThenArgs: Arg[]): Promise<string[]>;
  updateSession(...keysThenArgs: Arg[]): Promise<string | null>;
  changeReservations(...keysThenArgs: Arg[]): Promise<number | null>;
}

/** lua/ sits beside src/ and dist/ alike, so one relative URL serves the sources and the package. */
const luaDir = new URL("../lua/", import.meta.url);

/**
 * Registers every script on the client with ioredis's `defineCommand` (EVALSHA, and EVAL when the
 * server lacks the script) under a name carrying the script's version line, as bullmq does, so two
 * baton versions sharing a client never call each other's. The version line is part of the body,
 * so their SHAs differ on the server too.
 */
export function defineScripts(client: Client): Scripts {
  const commands = client as unknown as Record<string, (...args: Arg[]) => Promise<unknown>>;
  const scripts: Record<string, (...args: Arg[]) => Promise<unknown>> = {};
  for (const [method, file] of Object.entries(FILES)) {
    const lua = readFileSync(new URL(`${file}.lua`, luaDir), "utf8");
    const version = /^-- version (\d+)$/m.exec(lua)?.[1];
    if (version === undefined) throw new Error(`lua/${file}.lua lacks its "-- version N" line`);
    const name = `baton:${file}:v${version}`;
    client.defineCommand(name, { numberOfKeys: Number(file.slice(file.lastIndexOf("-") + 1)), lua });
    const command = commands[name]!;
    scripts[method] = (...args) => command.apply(client, args);
  }
  return scripts as unknown as Scripts;
}
