import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LiveChange, LiveSource } from "@agent-baton/core";
import { Dashboard } from "../src/dashboard/dashboard.js";
import { sendJson } from "../src/http/respond.js";
import { createLogger } from "../src/logger.js";

/** The dashboard's routes alone on a loopback port, over `source`. */
export async function serve(source: LiveSource, token?: string) {
  const dashboard = new Dashboard({
    source,
    guard: { host: "127.0.0.1", port: 0, token },
    logger: createLogger("silent"),
    maxBodyBytes: 64 * 1024,
  });
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!(await dashboard.handle(req, res, path))) sendJson(res, 404, { error: "not the dashboard's" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      await dashboard.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Reads server-sent events from `/events`, one parsed `snapshot` message at a time. */
export async function openEvents(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(`${url}/events`, { headers, signal: abort.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    res,
    async next(): Promise<LiveChange> {
      for (;;) {
        const frames = buffer.split("\n\n");
        buffer = frames.pop()!;
        const found = frames.find((f) => f.startsWith("event: snapshot"));
        if (found) {
          buffer = frames.slice(frames.indexOf(found) + 1).join("\n\n") + (buffer ? `\n\n${buffer}` : "");
          return JSON.parse(found.split("\ndata: ")[1]!);
        }
        buffer = frames.join("\n\n") + buffer;
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        buffer += value;
      }
    },
    close: () => abort.abort(),
  };
}
