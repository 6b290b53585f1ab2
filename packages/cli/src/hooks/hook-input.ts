import { statSync } from "node:fs";
import { InvalidInputError } from "@agent-baton/core";

/** The fields of Claude Code's hook JSON that baton reads. */
export interface HookInput {
  session_id?: string;
  cwd?: string;
  hook_event_name?: string;
  source?: string;
  reason?: string;
  [key: string]: unknown;
}

/** Claude Code writes the JSON and closes stdin at once; a stdin left open must not hang a hook. */
const STDIN_WAIT_MS = 3_000;

function readAll(stdin: NodeJS.ReadStream, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      stdin.pause();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const timer = setTimeout(done, waitMs);
    timer.unref();
    stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    stdin.once("end", done);
    stdin.once("error", done);
  });
}

/** Reads Claude Code's hook JSON from stdin; an empty stdin (or a terminal) gives `{}`. */
export async function readHookInput(stdin: NodeJS.ReadStream = process.stdin): Promise<HookInput> {
  if (stdin.isTTY) return {};
  const text = (await readAll(stdin, STDIN_WAIT_MS)).trim();
  if (text === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      `hook input on stdin is not JSON (${(error as Error).message}); Claude Code sends a JSON object`,
      {
        cause: error,
      },
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new InvalidInputError(
      "hook input on stdin must be a JSON object with session_id, cwd and hook_event_name",
    );
  }
  return data as HookInput;
}

/** The hook's cwd when it names a directory that exists, else undefined. */
export function hookCwd(input: HookInput): string | undefined {
  if (typeof input.cwd !== "string" || input.cwd === "") return undefined;
  try {
    return statSync(input.cwd).isDirectory() ? input.cwd : undefined;
  } catch {
    return undefined;
  }
}
