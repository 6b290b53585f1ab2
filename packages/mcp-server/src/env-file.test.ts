import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnvFile, parseEnvFile } from "./env-file.js";

describe("dotenv files (--env-file)", () => {
  it("reads KEY=value, export, quotes and comments", () => {
    expect(
      parseEnvFile(
        "# comment\nREDIS_URL=redis://h:6379/0\nexport SERVER_PORT=9000 # trailing\nA=\"x # not a comment\"\nB='single'\n\nbad line\n",
      ),
    ).toEqual({ REDIS_URL: "redis://h:6379/0", SERVER_PORT: "9000", A: "x # not a comment", B: "single" });
  });

  it("never overrides variables already set, and a missing file is a ConfigError naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-env-"));
    try {
      const file = join(dir, ".env");
      writeFileSync(file, "SERVER_PORT=9000\nLOG_LEVEL=debug\n");
      const env: NodeJS.ProcessEnv = { SERVER_PORT: "8082" };
      loadEnvFile(file, env);
      expect(env).toEqual({ SERVER_PORT: "8082", LOG_LEVEL: "debug" });
      expect(() => loadEnvFile(join(dir, "missing.env"), env)).toThrow(/--env-file .*missing\.env/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
