import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AcquireResultSchema } from "@agent-baton/core";
import { describe, expect, it, vi } from "vitest";
import { backends, collect, type Ran, type World } from "./helpers.js";

// Dozens of bins spawned one after another; on a loaded machine each spawn takes a second or more.
vi.setConfig({ testTimeout: 240_000 });

const as = (id: string) => ({ env: { BATON_SESSION_ID: id } });

/** Resolves once the child has said `pattern` on stderr (it is in line, when it says it waits). */
function said(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (d: Buffer) => {
      text += d;
      if (pattern.test(text)) {
        child.stderr!.off("data", onData);
        resolve(text);
      }
    };
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code} before saying ${pattern}:\n${text}`)));
  });
}

/** `baton run` of a shell line under the lock, as session `id`, waiting up to 2 minutes. */
function runUnder(w: World, id: string, lockArgs: string[], line: string): ChildProcess {
  return w.spawn(["run", ...lockArgs, "--wait", "120", "--", "sh", "-c", line], {
    env: { BATON_SESSION_ID: id, LOG: join(w.home, "log"), ID: id },
  });
}

/** The most holders at once in a log of `start ID` / `end ID` lines, and whether an exclusive one ever had company. */
function overlap(log: string): { peak: number; exclusiveShared: boolean } {
  const inside = new Set<string>();
  let peak = 0;
  let exclusiveShared = false;
  for (const [what, id] of log
    .trim()
    .split("\n")
    .map((l) => l.split(" "))) {
    if (what === "start") {
      inside.add(id!);
      peak = Math.max(peak, inside.size);
      if (inside.size > 1 && [...inside].some((i) => i.startsWith("w"))) exclusiveShared = true;
    } else inside.delete(id!);
  }
  return { peak, exclusiveShared };
}

describe.each(backends())("waiting in line across processes, on the $name backend", ({ world }) => {
  it("8 processes × 3 cycles are granted the lock in the order they began to wait", async () => {
    const w = world();
    for (let cycle = 0; cycle < 3; cycle++) {
      await w.run(["lock", "acquire", "q", "--ttl", "300"], as("gate"));
      const ids = Array.from({ length: 8 }, (_, i) => `c${cycle}p${i}`);
      const done: Promise<Ran>[] = [];
      for (const [i, id] of ids.entries()) {
        const child = runUnder(w, id, ["--lock", "q"], 'echo "$ID" >> "$LOG"');
        done.push(collect(child));
        // each is in line, at its place, before the next starts to wait
        await said(child, new RegExp(`waiting for q: ${i + 1}\\w\\w in line, held by gate`));
      }
      await w.run(["lock", "release", "q"], as("gate"));
      const runs = await Promise.all(done);
      expect(runs.map((r) => r.code)).toEqual(ids.map(() => 0));
      const granted = readFileSync(join(w.home, "log"), "utf8").trim().split("\n").slice(-8);
      // out of order, the lock's history (who joined, left, was granted, released) says how it went
      const why =
        granted.join() === ids.join()
          ? undefined
          : (await w.run(["history", "--lock", "q", "--limit", "200"], as("gate"))).stdout;
      expect(granted, why).toEqual(ids);
    }
  });

  it("--slots 3: a counter of concurrent holders peaks at exactly 3, never above", async () => {
    const w = world();
    // each holder stays until three have started, so the peak is reached whatever the timing
    const line =
      'echo "start $ID" >> "$LOG"; until [ "$(grep -c start "$LOG")" -ge 3 ]; do sleep 0.05; done; sleep 0.3; echo "end $ID" >> "$LOG"';
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        collect(runUnder(w, `p${i}`, ["--lock", "gpu", "--slots", "3"], line)),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    const log = readFileSync(join(w.home, "log"), "utf8");
    expect(log.match(/^start /gm)).toHaveLength(8);
    expect(overlap(log).peak).toBe(3);
  });

  it("shared and exclusive holders never overlap with an exclusive one", async () => {
    const w = world();
    const line = 'echo "start $ID" >> "$LOG"; sleep 0.2; echo "end $ID" >> "$LOG"';
    const worker = (id: string, shared: boolean) =>
      collect(runUnder(w, id, ["--lock", "db", ...(shared ? ["--shared"] : [])], `${line}; ${line}`));
    const runs = await Promise.all([
      ...["r1", "r2", "r3", "r4"].map((id) => worker(id, true)),
      ...["w1", "w2"].map((id) => worker(id, false)),
    ]);
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    const log = readFileSync(join(w.home, "log"), "utf8");
    expect(log.match(/^start /gm)).toHaveLength(12);
    expect(overlap(log).exclusiveShared).toBe(false);
  });

  it("a SIGKILLed waiter at the head of the line loses its place: the next waiter gets the lock", async () => {
    const w = world();
    await w.run(["lock", "acquire", "q", "--ttl", "300"], as("gate"));
    const head = w.spawn(["lock", "acquire", "q", "--wait", "120"], as("head"));
    await said(head, /1st in line/);
    const next = w.spawn(["lock", "acquire", "q", "--wait", "30", "--json"], as("next"));
    const nextRan = collect(next);
    await said(next, /2nd in line/);
    head.kill("SIGKILL");
    await w.run(["lock", "release", "q"], as("gate"));
    // a dead head that kept its place would hold the line past next's 30 s (exit 3)
    const r = await nextRan;
    expect(r.code).toBe(0);
    expect(AcquireResultSchema.parse(r.json())).toMatchObject({ acquired: true, held_by: "next" });
  });
});
