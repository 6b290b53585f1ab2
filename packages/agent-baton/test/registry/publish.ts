import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./run.js";
import type { Registry } from "./verdaccio.js";

export const WORKSPACE = fileURLToPath(new URL("../../../../", import.meta.url));
const PNPM = "pnpm@10.34.9";

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  exports?: Record<string, { import?: string } | string>;
}

export interface WorkspacePackage {
  dir: string;
  manifest: Manifest;
}

/** Every package changesets would publish: the workspace's non-private ones. */
export function publicPackages(): WorkspacePackage[] {
  const root = join(WORKSPACE, "packages");
  return readdirSync(root)
    .filter((d) => existsSync(join(root, d, "package.json")))
    .map((d) => ({
      dir: join(root, d),
      manifest: JSON.parse(readFileSync(join(root, d, "package.json"), "utf8")) as Manifest,
    }))
    .filter((p) => !p.manifest.private);
}

/** Another engineer's rebuild empties dist/ for a moment; wait (bounded) until the files a tarball needs are back. */
export async function waitForBuild(pkg: WorkspacePackage): Promise<void> {
  const files = [
    ...Object.values(pkg.manifest.bin ?? {}),
    ...Object.values(pkg.manifest.exports ?? {}).flatMap((e) =>
      typeof e === "string" ? [e] : e.import ? [e.import] : [],
    ),
  ].filter((f) => !f.includes("*")); // a subpath pattern (`./bin/*`) names no one file
  const until = Date.now() + 120_000;
  for (;;) {
    const missing = files.filter((f) => !existsSync(join(pkg.dir, f)));
    if (missing.length === 0) return;
    if (Date.now() > until)
      throw new Error(`${pkg.manifest.name} is not built (missing ${missing.join(", ")}); build it first`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Publishes every public package the way `changeset publish` does on a pnpm workspace: `pnpm
 * publish`, which turns workspace:^ ranges into real ones and honours publishConfig.
 */
export async function publishWorkspace(registry: Registry): Promise<WorkspacePackage[]> {
  const packages = publicPackages();
  for (const pkg of packages) await waitForBuild(pkg);
  const env = { ...process.env, npm_config_userconfig: registry.npmrc };
  // one pnpm for all: `pnpm -r publish` publishes each non-private package with `pnpm publish`
  await run(
    "npx",
    [
      "-y",
      PNPM,
      "-r",
      "publish",
      "--registry",
      registry.url,
      "--no-git-checks",
      "--ignore-scripts",
      "--access",
      "public",
    ],
    { cwd: WORKSPACE, env, timeoutMs: 180_000 },
  );
  return packages;
}
