import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cli-args.js";

describe("baton-mcp flags", () => {
  it("parses every flag, local as the file backend", () => {
    expect(
      parseCliArgs([
        "--stdio",
        "--env-file",
        ".env",
        "--backend",
        "local",
        "--port",
        "0",
        "--host",
        "::1",
        "--keep-sessions",
      ]),
    ).toMatchObject({
      stdio: true,
      envFile: ".env",
      backend: "file",
      port: 0,
      host: "::1",
      keepSessions: true,
    });
    expect(parseCliArgs([])).toMatchObject({ stdio: false, keepSessions: false, help: false });
  });

  it("rejects an unknown flag, backend or port, naming it", () => {
    expect(() => parseCliArgs(["--bogus"])).toThrow(/--bogus/);
    expect(() => parseCliArgs(["--backend", "mongo"])).toThrow(/--backend "mongo"/);
    expect(() => parseCliArgs(["--port", "http"])).toThrow(/--port "http"/);
    expect(() => parseCliArgs(["--port", "70000"])).toThrow(/--port/);
  });
});
