import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The pinned Claude Code package; its `claude` is a native executable in a per-platform package. */
const PACKAGE = "@anthropic-ai/claude-code";

function platformKey(): string {
  if (process.platform !== "linux") return `${process.platform}-${process.arch}`;
  // glibc's runtime version is absent from the report on musl (Alpine).
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  return `linux-${process.arch}${report.header?.glibcVersionRuntime ? "" : "-musl"}`;
}

let cached: string | undefined;

/**
 * The path of the real `claude` executable: the native binary of the platform package that
 * `@anthropic-ai/claude-code` lists as optional dependency (what its postinstall would copy into
 * place; reading it directly needs no install script).
 */
export function claudeBinary(): string {
  if (cached) return cached;
  const wrapper = createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`);
  const name = `${PACKAGE}-${platformKey()}`;
  let platformDir: string;
  try {
    platformDir = dirname(createRequire(wrapper).resolve(`${name}/package.json`));
  } catch (error) {
    throw new Error(
      `${name} is not installed (needed for ${process.platform}-${process.arch}); run pnpm install`,
      {
        cause: error,
      },
    );
  }
  const bin = join(platformDir, process.platform === "win32" ? "claude.exe" : "claude");
  if (!existsSync(bin)) throw new Error(`${bin} is missing; reinstall ${name}`);
  cached = bin;
  return bin;
}
