// One OS process of the line proof, on the built package as an installed user would run it: CYCLES
// times it asks for NAME, waiting in line as core's Coordinator does (an attempt with a lease, then a
// wait for a change of at most WAIT_MS, again and again), holds it HOLD_MS and releases it. It logs
// one JSON line per step to LOG:
//   {"ev":"queued","id","since","ahead":[[session, since]…]}   when it joins the line,
//   {"ev":"granted","id","since" (of its place, or null),"token"},
//   {"ev":"releasing","id","token"} while it still holds, just before it releases.
import { appendFileSync } from "node:fs";
import { createFileDriver } from "../../dist/index.js";

const { dir, name, log, cycles, id, holdMs, leaseMs, waitMs } = JSON.parse(process.argv[2]);
const request = {
  owner: { held_by: id, host: "test", pid: process.pid, pid_start: null, pgid: null, worktree: null },
  ttlMs: 30_000,
  mode: "exclusive",
  slots: 1,
  leaseMs,
};
const driver = createFileDriver({ dir });
const write = (entry) => appendFileSync(log, `${JSON.stringify({ id, ...entry })}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (let cycle = 0; cycle < cycles; cycle++) {
  let since = null;
  let result = await driver.acquireLock(name, request);
  while (!result.acquired) {
    const line = result.state.waiters;
    const mine = line.findIndex((w) => w.session_id === id);
    // A new place (the first, or after a lapsed lease) is logged with who was ahead of it.
    if (line[mine].since !== since) {
      since = line[mine].since;
      write({ ev: "queued", since, ahead: line.slice(0, mine).map((w) => [w.session_id, w.since]) });
    }
    await driver.waitForChange(name, waitMs);
    result = await driver.acquireLock(name, request);
  }
  write({ ev: "granted", since, token: result.lock.fencing_token });
  await sleep(holdMs);
  write({ ev: "releasing", token: result.lock.fencing_token });
  const released = await driver.releaseLock(name, id);
  if (released.outcome !== "done") throw new Error(`${id}: release ${released.outcome} at cycle ${cycle}`);
}
await driver.close();
