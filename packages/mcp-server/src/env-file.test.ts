import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEnvFile } from "./env-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "baton-env-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `text` as a dotenv file into `env` and returns it. */
function load(text: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const file = join(dir, ".env");
  writeFileSync(file, text);
  loadEnvFile(file, env);
  return env;
}

describe("dotenv files (--env-file)", () => {
  it("reads KEY=value, export, quotes, multi-line values and comments", () => {
    expect(
      load(
        '# comment\nREDIS_URL=redis://h:6379/0\nexport SERVER_PORT=9000 # trailing\nA="x # not a comment"\nB=\'single\'\nC="two\nlines"\n',
      ),
    ).toEqual({
      REDIS_URL: "redis://h:6379/0",
      SERVER_PORT: "9000",
      A: "x # not a comment",
      B: "single",
      C: "two\nlines",
    });
  });

  it("never overrides variables already set", () => {
    expect(load("SERVER_PORT=9000\nLOG_LEVEL=debug\n", { SERVER_PORT: "8082" })).toEqual({
      SERVER_PORT: "8082",
      LOG_LEVEL: "debug",
    });
  });

  it("an unreadable file is a one-line ConfigError naming it, and changes nothing", () => {
    const env: NodeJS.ProcessEnv = { SERVER_PORT: "8082" };
    const missing = join(dir, "missing.env");
    expect(() => loadEnvFile(missing, env)).toThrow(
      expect.objectContaining({
        code: "INVALID_CONFIG",
        message: `--env-file ${missing}: cannot read: ENOENT`,
      }),
    );
    expect(() => loadEnvFile(dir, env)).toThrow(`--env-file ${dir}: cannot read: EISDIR`);
    expect(env).toEqual({ SERVER_PORT: "8082" });
  });
});
