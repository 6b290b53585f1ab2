import { appendFile } from "node:fs/promises";
import {
  checkInput,
  InvalidInputError,
  type PageOptions,
  type RegisterResult,
  SessionMetadataSchema,
} from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { abandonWatcher, ensureWatcher } from "../watch/start-watcher.js";
import { morePages } from "./more-pages.js";
import { sessionLines } from "./session-view.js";

/** `--metadata` JSON, checked by core's metadata schema (the MCP tool's `metadata` argument uses the same). */
function parseMetadata(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError(
      `invalid --metadata ${JSON.stringify(text.slice(0, 40))}: give a JSON object, e.g. '{"task":"auth"}'`,
      { field: "metadata" },
    );
  }
  return checkInput(SessionMetadataSchema, value, "--metadata");
}

/** Registers this session; under `--hook` also exports its id to Claude Code's env file. */
export async function start(ctx: Context, o: { metadata?: string }): Promise<number> {
  const { coordinator, out, hook } = ctx;
  const metadata = parseMetadata(o.metadata);
  if (hook?.source) metadata.source = hook.source;
  let result: RegisterResult;
  try {
    result = await coordinator.sessions.register(metadata);
    if (hook) ensureWatcher(ctx, result.session);
  } catch (error) {
    // no watcher comes: the hooks' gates must not wait for one, they start baton themselves
    if (hook) abandonWatcher(ctx);
    throw error;
  }
  const envFile = process.env.CLAUDE_ENV_FILE;
  if (hook && envFile) await appendFile(envFile, `export CLAUDE_SESSION_ID=${result.session_id}\n`);
  out.result(
    result,
    () => `${out.green(result.registered ? "registered" : "re-registered")} ${result.session_id}`,
  );
  return EXIT.ok;
}

export async function pause(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.sessions.pause();
  out.result(result, () => `${out.yellow("paused")} ${result.session_id}`);
  return EXIT.ok;
}

export async function end(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.sessions.end();
  out.result(result, () => {
    if (!result.ended) return out.dim(`${result.session_id} was not registered`);
    const freed = [...result.released_locks, ...(result.released_claim ? [result.released_claim.label] : [])];
    return `${out.green("ended")} ${result.session_id}${freed.length ? `; released ${freed.join(", ")}` : ""}`;
  });
  return EXIT.ok;
}

export async function status(ctx: Context, o: PageOptions = {}): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.sessions.status(o);
  out.result(result, () => [
    ...sessionLines(out, result),
    ...morePages(out, result, "baton session status", o),
  ]);
  return EXIT.ok;
}

export async function cleanup(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.sessions.cleanup();
  out.result(result, () => {
    const lines = result.removed.map(
      (r) =>
        `removed ${r.tier} session ${r.session_id}${r.released_locks.length ? `; released ${r.released_locks.join(", ")}` : ""}`,
    );
    if (result.released_locks.length)
      lines.push(`released locks of gone processes: ${result.released_locks.join(", ")}`);
    return lines.length ? lines : out.dim("nothing to clean up");
  });
  return EXIT.ok;
}
