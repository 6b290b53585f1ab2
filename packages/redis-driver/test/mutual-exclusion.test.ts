import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PROCESSES = 8;
const CYCLES = 200;
const worker = fileURLToPath(new URL("./fixtures/counter-worker.mjs", import.meta.url));

let server: RedisServer;
let dir: string;
beforeAll(async () => {
  server = await startRedis();
  dir = mkdtempSync(join(tmpdir(), "baton-mutex-"));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function runWorker(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [worker, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

describe("mutual exclusion across OS processes", () => {
  it(`${PROCESSES} processes × ${CYCLES} cycles on one lock: counter exactly ${PROCESSES * CYCLES}, no overlap, tokens increase in entry order`, async () => {
    const counter = join(dir, "counter");
    const log = join(dir, "log");
    writeFileSync(counter, "0");
    writeFileSync(log, "");
    const prefix = `mutex-${process.pid}`;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, id) =>
        runWorker([server.url, prefix, counter, log, String(CYCLES), String(id)]),
      ),
    );
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(Number(readFileSync(counter, "utf8"))).toBe(PROCESSES * CYCLES);

    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2 * PROCESSES * CYCLES);
    let lastToken = 0;
    for (let i = 0; i < lines.length; i += 2) {
      const [enter, id, token] = lines[i]!.split(" ");
      // The next line must be the same holder leaving: nobody entered in between.
      expect(enter).toBe("enter");
      expect(lines[i + 1]).toBe(`exit ${id} ${token}`);
      expect(Number(token)).toBeGreaterThan(lastToken);
      lastToken = Number(token);
    }
    const perWorker = new Map<string, number>();
    for (const line of lines.filter((l) => l.startsWith("enter"))) {
      const id = line.split(" ")[1]!;
      perWorker.set(id, (perWorker.get(id) ?? 0) + 1);
    }
    expect([...perWorker.values()]).toEqual(Array(PROCESSES).fill(CYCLES));
  }, 120_000);
});
