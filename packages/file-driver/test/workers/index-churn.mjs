// One process of session `session`: `cycles` random steps over `names`: acquire (for an hour or
// for a millisecond, so it lapses), release, take over another session's lock, force-release.
// Leaves whatever it holds at the end.
import { createFileDriver } from "../../dist/index.js";

const [dir, session, cycles, ...names] = process.argv.slice(2);
const driver = createFileDriver({ dir });
const owner = { held_by: session, host: "test", pid: null, pid_start: null, worktree: null };
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const HOUR = 3_600_000;

for (let i = 0; i < Number(cycles); i++) {
  const name = pick(names);
  const roll = Math.random();
  if (roll < 0.35) await driver.acquireLock(name, owner, HOUR);
  else if (roll < 0.5) await driver.acquireLock(name, owner, 1);
  else if (roll < 0.7) await driver.releaseLock(name, session);
  else if (roll < 0.9) {
    const lock = await driver.getLock(name);
    if (lock && lock.held_by !== session) {
      await driver.acquireLock(name, owner, HOUR, { replaceToken: lock.fencing_token });
    }
  } else await driver.forceReleaseLock(name);
}
await driver.close();
