import { join } from "node:path";
import { isPidAlive } from "@agent-baton/core";
import type { FsLayer } from "./fs-layer.js";

/** Deletes temp files left by processes that died between writing and placing a record. */
export function sweepTempFiles(fs: FsLayer, tmpDir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(tmpDir) as string[];
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split("-")[0]);
    if (pid === process.pid || !Number.isInteger(pid) || isPidAlive(pid)) continue;
    try {
      fs.unlinkSync(join(tmpDir, name));
    } catch {}
  }
}
