// One process of session `session`: `cycles` random steps over `names`: acquire (for an hour or
// for a millisecond, so it lapses), join a line, leave it, release, take over another session's
// hold, force-release. Leaves whatever it holds and waits for at the end.
import { createFileDriver } from "../../dist/index.js";

const [dir, session, cycles, ...names] = process.argv.slice(2);
const driver = createFileDriver({ dir });
const owner = { held_by: session, host: "test", pid: null, pid_start: null, pgid: null, worktree: null };
const ask = (extra) => ({ owner, ttlMs: HOUR, mode: "exclusive", slots: 1, ...extra });
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const HOUR = 3_600_000;

for (let i = 0; i < Number(cycles); i++) {
  const name = pick(names);
  const roll = Math.random();
  if (roll < 0.25) await driver.acquireLock(name, ask());
  else if (roll < 0.35) await driver.acquireLock(name, ask({ ttlMs: 1 }));
  else if (roll < 0.45) await driver.acquireLock(name, ask({ leaseMs: HOUR }));
  else if (roll < 0.5) await driver.leaveLine(name, session, "churn");
  else if (roll < 0.7) await driver.releaseLock(name, session);
  else if (roll < 0.9) {
    const state = await driver.getLock(name);
    const theirs = state?.holders.find((h) => h.held_by !== session);
    if (theirs) await driver.acquireLock(name, ask({ evict: [theirs.fencing_token] }));
  } else await driver.forceReleaseLock(name, { by: session });
}
await driver.close();
