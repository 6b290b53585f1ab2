import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const manifest = (path: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8"));
const umbrella = manifest("../package.json") as { bin: Record<string, string> };

it("declares exactly the bins of the CLI, the MCP server and pytest-locked", () => {
  const theirs = ["cli", "mcp-server", "pytest-locked"].flatMap((p) =>
    Object.keys(manifest(`../../${p}/package.json`).bin),
  );
  expect(Object.keys(umbrella.bin).sort()).toEqual(theirs.sort());
});

it.each(Object.entries(umbrella.bin))(
  "%s re-dispatches to the real package's bin with the same arguments",
  (bin, file) => {
    const run = spawnSync(
      process.execPath,
      [fileURLToPath(new URL(`../${file}`, import.meta.url)), "--help"],
      {
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, HOME: "/nonexistent-home" },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`${bin}|Usage`, "i"));
  },
);
