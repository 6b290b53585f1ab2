import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The pinned Claude Code package; its `claude` is a native executable in a per-platform package. */
const PACKAGE = "@anthropic-ai/claude-code";

let cached: string | undefined;

/**
 * The path of the real `claude` executable: the native binary of the platform package that
 * `@anthropic-ai/claude-code` lists as optional dependency (what its postinstall would copy into
 * place; reading it directly needs no install script).
 */
export function claudeBinary(): string {
  if (cached) return cached;
  const wrapper = createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`);
  const { optionalDependencies = {} } = JSON.parse(readFileSync(wrapper, "utf8")) as {
    optionalDependencies?: Record<string, string>;
  };
  // The package manager installs only the platform package whose os/cpu/libc fit this machine.
  for (const name of Object.keys(optionalDependencies)) {
    let platformDir: string;
    try {
      platformDir = dirname(createRequire(wrapper).resolve(`${name}/package.json`));
    } catch {
      continue;
    }
    const bin = ["claude", "claude.exe"].map((file) => join(platformDir, file)).find((f) => existsSync(f));
    if (!bin) throw new Error(`${name} has no claude executable; reinstall it`);
    cached = bin;
    return bin;
  }
  throw new Error(
    `no platform package of ${PACKAGE} is installed for ${process.platform}-${process.arch}; run pnpm install`,
  );
}
