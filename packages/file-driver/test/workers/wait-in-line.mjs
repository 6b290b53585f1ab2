// One waiter as the Coordinator waits: attempt with a lease (joining the line), then waitForChange
// and attempt again until granted. Prints `queued <position>` once in line, then `got <token>`,
// holds the lock `holdMs`, releases it and exits.
import { createFileDriver } from "../../dist/index.js";

const [dir, name, leaseMs, holdMs] = process.argv.slice(2);
const driver = createFileDriver({ dir });
const owner = {
  held_by: `waiter-${process.pid}`,
  host: "test",
  pid: process.pid,
  pid_start: null,
  pgid: null,
  worktree: null,
};
const request = { owner, ttlMs: 60_000, mode: "exclusive", slots: 1, leaseMs: Number(leaseMs) };
let r = await driver.acquireLock(name, request);
if (r.acquired) throw new Error("expected to wait in line");
process.stdout.write(`queued ${r.position}\n`);
while (!r.acquired) {
  // Well within the lease, so the place is renewed before it lapses.
  await driver.waitForChange(name, Number(leaseMs) / 3);
  r = await driver.acquireLock(name, request);
}
process.stdout.write(`got ${r.lock.fencing_token}\n`);
await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
const released = await driver.releaseLock(name, owner.held_by);
if (released.outcome !== "done") throw new Error(`release said ${released.outcome}`);
await driver.close();
