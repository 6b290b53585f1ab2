import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/**
 * Runs a bin of one of baton's packages in this process, exactly as its own bin would run: the
 * umbrella re-dispatches rather than re-implementing, so `baton` from either package behaves alike.
 */
export async function runPackageBin(packageName: string, bin: string): Promise<void> {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> };
  const file = manifest.bin?.[bin];
  if (!file) throw new Error(`${packageName} has no bin named ${bin}; reinstall agent-baton`);
  await import(pathToFileURL(join(dirname(manifestPath), file)).href);
}
