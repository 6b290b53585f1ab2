import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Where platform-dependent code may live: one module per concern, each with a Linux and a portable twin. */
const PLATFORM_DIR = "packages/core/src/platform/";

const LINUX_ONLY_PATH =
  /["'`](?:\/proc(?:\/|["'`])|\/sys\/|\/dev\/shm|\/run\/user|\/etc\/os-release|\/etc\/machine-id)|boot_id/;
const PLATFORM = String.raw`(?:process\.platform|\b(?:os\.)?platform\(\))`;
const PLATFORM_BRANCH = new RegExp(
  String.raw`${PLATFORM}\s*[!=]==?|[!=]==?\s*${PLATFORM}|switch\s*\(\s*${PLATFORM}|\.includes\(\s*${PLATFORM}`,
);

/** What in a source's text leans on one platform: a Linux-only path, or a branch on the platform. */
function platformLeans(text: string): string[] {
  const found: string[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (/^\s*(?:\/\/|\*|\/\*)/.test(line)) continue;
    if (LINUX_ONLY_PATH.test(line)) found.push(`${i + 1}: reads a Linux-only path: ${line.trim()}`);
    if (PLATFORM_BRANCH.test(line)) found.push(`${i + 1}: branches on the platform: ${line.trim()}`);
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(path);
    return /\.[cm]?[jt]s$/.test(entry.name) && !/\.(?:test|spec)\.[cm]?[jt]s$/.test(entry.name) ? [path] : [];
  });
}

describe("platform boundary", () => {
  it("recognises what it looks for", () => {
    expect(platformLeans('readFileSync(`/proc/${pid}/stat`, "utf8")')).toHaveLength(1);
    expect(platformLeans('existsSync("/proc")')).toHaveLength(1);
    expect(platformLeans('readFileSync("/sys/class/net")')).toHaveLength(1);
    expect(platformLeans('const id = read("/proc/sys/kernel/random/boot_id")')).toHaveLength(1);
    expect(platformLeans('if (process.platform === "linux") x();')).toHaveLength(1);
    expect(platformLeans('const mac = "darwin" == os.platform();')).toHaveLength(1);
    expect(platformLeans("switch (process.platform) {")).toHaveLength(1);
    expect(platformLeans('["linux", "android"].includes(process.platform)')).toHaveLength(1);
    expect(platformLeans("console.log(`node on ${process.platform}`)")).toEqual([]);
    expect(platformLeans("// read from /proc, see platform/")).toEqual([]);
    expect(platformLeans('join(home, "proc", "x")')).toEqual([]);
  });

  it("no source outside core's platform modules reads a Linux-only path or branches on the platform", () => {
    const leaning: string[] = [];
    for (const pkg of readdirSync(join(ROOT, "packages"))) {
      const src = join(ROOT, "packages", pkg, "src");
      if (!existsSync(src)) continue;
      for (const file of sources(src)) {
        const path = relative(ROOT, file);
        if (path.startsWith(PLATFORM_DIR)) continue;
        for (const lean of platformLeans(readFileSync(file, "utf8"))) leaning.push(`${path}:${lean}`);
      }
    }
    expect(leaning).toEqual([]);
  });
});
