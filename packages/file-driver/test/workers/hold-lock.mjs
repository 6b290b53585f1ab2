// Takes a lock for this process (its pid recorded), says "held <token>", then hangs until killed.
import { processStartTime } from "@agent-baton/core";
import { createFileDriver } from "../../dist/index.js";

const [dir, name, ttlMs] = process.argv.slice(2);
const driver = createFileDriver({ dir });
const owner = {
  held_by: `holder-${process.pid}`,
  host: (await import("node:os")).hostname(),
  pid: process.pid,
  pid_start: processStartTime(process.pid),
  pgid: null,
  worktree: process.cwd(),
};
const r = await driver.acquireLock(name, { owner, ttlMs: Number(ttlMs), mode: "exclusive", slots: 1 });
if (!r.acquired) throw new Error("expected to acquire");
process.stdout.write(`held ${r.lock.fencing_token}\n`);
setInterval(() => {}, 1_000);
