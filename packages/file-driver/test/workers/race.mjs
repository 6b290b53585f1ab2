// At a common start time, one attempt: `lock NAME` (a takeover if it expired), `claim N`, `force NAME`,
// or `notices SESSION`. Prints {won, token?}, or {taken: [event ids]} for notices.
import { createFileDriver } from "../../dist/index.js";

const [dir, startAt, op, arg] = process.argv.slice(2);
const driver = createFileDriver({ dir });
const me = `racer-${process.pid}`;
await driver.listLocks("*");
await new Promise((r) => setTimeout(r, Number(startAt) - Date.now()));
if (op === "lock") {
  const owner = { held_by: me, host: "test", pid: null, pid_start: null, pgid: null, worktree: null };
  const r = await driver.acquireLock(arg, { owner, ttlMs: 60_000, mode: "exclusive", slots: 1 });
  process.stdout.write(JSON.stringify({ won: r.acquired, token: r.acquired ? r.lock.fencing_token : null }));
} else if (op === "force") {
  const broken = await driver.forceReleaseLock(arg, { by: me });
  process.stdout.write(JSON.stringify({ won: broken.length > 0 }));
} else if (op === "notices") {
  const taken = await driver.takeNotices(arg);
  process.stdout.write(JSON.stringify({ taken: taken.map((e) => e.id) }));
} else {
  const claim = {
    repo: "acme/api",
    number: Number(arg),
    title: "t",
    label: "API #1: t",
    session_id: me,
    claimed_at: new Date().toISOString(),
  };
  const r = await driver.claimIssue(claim);
  process.stdout.write(JSON.stringify({ won: r.claimed }));
}
await driver.close();
