import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// the registry tests' view of the workspace, from source: bench does not depend on the umbrella package
import { publicPackages, WORKSPACE, waitForBuild } from "../../agent-baton/test/registry/publish.js";

const exec = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });

/**
 * `pnpm pack`s every public package (workspace ranges become real ones, as on publish), then points
 * each tarball's dependencies on baton's own packages at the sibling tarballs, so npm takes those
 * from disk and everything else from the npm registry.
 */
async function packWorkspace(out: string): Promise<string> {
  const pnpm = JSON.parse(readFileSync(join(WORKSPACE, "package.json"), "utf8")).packageManager as string;
  const packages = publicPackages();
  for (const pkg of packages) await waitForBuild(pkg);
  const tarballs = new Map<string, string>();
  for (const { dir, manifest } of packages) {
    const packed = exec("npx", ["-y", pnpm, "pack", "--pack-destination", out, "--json"], dir);
    tarballs.set(manifest.name, (JSON.parse(packed) as { filename: string }).filename);
  }
  for (const tarball of tarballs.values()) {
    const dir = mkdtempSync(join(out, "unpacked-"));
    exec("tar", ["-xzf", tarball, "-C", dir], out);
    const file = join(dir, "package", "package.json");
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const local = tarballs.get(dep);
      if (local) manifest.dependencies![dep] = `file:${local}`;
    }
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    exec("tar", ["-czf", tarball, "-C", dir, "package"], out);
    rmSync(dir, { recursive: true, force: true });
  }
  return tarballs.get("agent-baton")!;
}

/**
 * Installs the umbrella from the workspace as `npm install -g agent-baton` would, into `prefix`
 * (its bins land in `prefix/bin`, the packages under `prefix/lib/node_modules`).
 */
export async function installUmbrella(prefix: string): Promise<void> {
  const tarballs = join(prefix, "tarballs");
  mkdirSync(tarballs, { recursive: true });
  const umbrella = await packWorkspace(tarballs);
  exec(
    "npm",
    ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", umbrella],
    prefix,
  );
}
