import { ConfigError } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { splitShellWords } from "./shell-words.js";

describe("splitShellWords", () => {
  it("splits on runs of whitespace", () => {
    expect(splitShellWords("  uv   run\tpytest ")).toEqual(["uv", "run", "pytest"]);
  });
  it("keeps single-quoted text literal, backslashes and $ included", () => {
    expect(splitShellWords(`python3 '/opt/my tools/run\\ $x'`)).toEqual([
      "python3",
      "/opt/my tools/run\\ $x",
    ]);
  });
  it('honours \\" and \\\\ inside double quotes and keeps other backslashes', () => {
    expect(splitShellWords(`a "b \\"c\\" \\\\ \\n"`)).toEqual(["a", 'b "c" \\ \\n']);
  });
  it("joins adjacent quoted and bare parts into one word and keeps empty quoted words", () => {
    expect(splitShellWords(`--opt='x y'z "" end`)).toEqual(["--opt=x yz", "", "end"]);
  });
  it("escapes a space with a backslash outside quotes", () => {
    expect(splitShellWords("my\\ pytest -q")).toEqual(["my pytest", "-q"]);
  });
  it("rejects an unclosed quote with a ConfigError naming the setting", () => {
    expect(() => splitShellWords(`uv run 'pytest`, "PYTEST_BIN")).toThrow(ConfigError);
    expect(() => splitShellWords(`uv run 'pytest`, "PYTEST_BIN")).toThrow(
      /PYTEST_BIN has an unclosed ' quote/,
    );
  });
});
