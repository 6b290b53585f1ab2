import type { IncomingMessage } from "node:http";

export type BodyOutcome =
  | { kind: "ok"; value: unknown }
  | { kind: "too-large"; limit: number }
  | { kind: "invalid"; message: string };

/** Reads a JSON request body of at most `limit` bytes without trusting Content-Length. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return { kind: "too-large", limit };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return { kind: "too-large", limit };
    }
    chunks.push(chunk);
  }
  try {
    return { kind: "ok", value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch (error) {
    return { kind: "invalid", message: (error as Error).message };
  }
}
