// One contender: `cycles` times, take a lock (waiting in its line), read-modify-write its counter
// file, release. Prints one JSON line per cycle: {name, token, enter, exit} (times in µs on the
// system's monotonic clock, which every process reads alike; a wall-clock time made from a process's
// own start time can be some 0.2 ms off another process's, and a handoff is quicker than that).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createFileDriver } from "../../dist/index.js";

const [dir, countersDir, cycles, ...names] = process.argv.slice(2);
const driver = createFileDriver({ dir });
const owner = {
  held_by: `worker-${process.pid}`,
  host: "test",
  pid: null,
  pid_start: null,
  pgid: null,
  worktree: null,
};
const now = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const out = [];

for (let i = 0; i < Number(cycles); i++) {
  const name = names[(i + process.pid) % names.length];
  const request = { owner, ttlMs: 60_000, mode: "exclusive", slots: 1, leaseMs: 5_000 };
  let r = await driver.acquireLock(name, request);
  while (!r.acquired) {
    await driver.waitForChange(name, 1_000);
    r = await driver.acquireLock(name, request);
  }
  const enter = now();
  const file = join(countersDir, name.replace(/\W/g, "_"));
  const value = Number(readFileSync(file, "utf8"));
  await sleep(Math.random() < 0.5 ? 0 : 1);
  writeFileSync(file, String(value + 1));
  const exit = now();
  const released = await driver.releaseLock(name, owner.held_by);
  if (released.outcome !== "done") throw new Error(`release said ${released.outcome}`);
  out.push(JSON.stringify({ name, token: r.lock.fencing_token, enter, exit }));
}
await driver.close();
process.stdout.write(`${out.join("\n")}\n`);
