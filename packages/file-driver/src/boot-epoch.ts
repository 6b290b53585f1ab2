import { readFileSync } from "node:fs";
import { uptime } from "node:os";
import { join } from "node:path";
import type { FsLayer } from "./fs-layer.js";
import type { RecordFiles, RecordSchema } from "./record-files.js";
import { errnoOf, storageError } from "./storage-errors.js";

/**
 * The wall clock in microseconds. Any token issued on one name is below this: acquisitions of a
 * name follow one another, and each takes far more than a microsecond.
 */
export function wallClockMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** Names this boot of the machine: Linux's boot id, elsewhere the boot time to the minute. */
export function currentBootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return `boot-${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
  }
}

const schema: RecordSchema<number> = {
  safeParse(value) {
    const floor = (value as { floor?: unknown } | null)?.floor;
    return typeof floor === "number" && Number.isSafeInteger(floor) && floor >= 0
      ? { success: true, data: floor }
      : { success: false };
  },
};

/**
 * The lowest fencing token this boot may hand out. Lock records are not fsynced (their holders die
 * with the machine), so after a power loss a counter may read older than tokens already issued; the
 * first use of the directory in a new boot therefore fixes a floor at the clock in microseconds,
 * above every earlier token (each acquisition takes far more than a microsecond). A directory with
 * no earlier boot starts at 0. The floor file is fsynced, directory included.
 */
export function bootFloor(fs: FsLayer, files: RecordFiles, root: string, bootId = currentBootId()): number {
  const name = `boot-${bootId.replace(/[^A-Za-z0-9-]/g, "_")}.json`;
  const path = join(root, name);
  for (;;) {
    const seen = files.peek(path, schema);
    if (seen.state === "ok") return seen.value;
    if (seen.state === "corrupt") files.quarantine(path);
    const earlier = bootFiles(fs, root).some((f) => f !== name);
    const floor = earlier ? wallClockMicros() : 0;
    if (files.create(path, { boot_id: bootId, floor, created_at: new Date().toISOString() })) {
      syncDir(fs, root);
      return floor;
    }
  }
}

function bootFiles(fs: FsLayer, root: string): string[] {
  try {
    return (fs.readdirSync(root) as string[]).filter((f) => f.startsWith("boot-"));
  } catch (error) {
    throw storageError("list", root, error);
  }
}

function syncDir(fs: FsLayer, dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (error) {
    if (errnoOf(error) !== "EINVAL" && errnoOf(error) !== "EISDIR") throw storageError("sync", dir, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
