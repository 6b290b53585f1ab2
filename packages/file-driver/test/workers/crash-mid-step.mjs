// One change of a lock, killed (SIGKILL, by itself) at a chosen point of that change's step:
// `notice` as it places the change's notice, `log` as it appends the change's events to the
// history. `op` is `force` (forceReleaseLock) or `request` (requestRelease).
import * as nodeFs from "node:fs";
import { createFileDriver } from "../../dist/index.js";

const [dir, name, op, point] = process.argv.slice(2);
const die = () => process.kill(process.pid, "SIGKILL");
const fs = {
  ...nodeFs,
  linkSync(from, to) {
    if (point === "notice" && to.includes("/notices/")) die();
    return nodeFs.linkSync(from, to);
  },
  writeSync(fd, data, ...rest) {
    // The log's lines are compact JSON starting with the id; records are written indented.
    if (point === "log" && typeof data === "string" && data.startsWith('{"id":')) die();
    return nodeFs.writeSync(fd, data, ...rest);
  },
};
const driver = createFileDriver({ dir, fs });
if (op === "force") await driver.forceReleaseLock(name, { by: "admin", reason: "stuck" });
else await driver.requestRelease(name, { by: "asker", reason: "my turn", ttlMs: 60_000 });
throw new Error(`the step finished: nothing at ${point} in ${op}`);
