import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";

const manifest = (path: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8"));
const umbrella = manifest("../package.json") as { bin: Record<string, string> };
const PACKAGES = ["cli", "mcp-server", "pytest-locked"].map((dir) => ({
  name: manifest(`../../${dir}/package.json`).name as string,
  bins: Object.keys(manifest(`../../${dir}/package.json`).bin),
}));
const require = createRequire(import.meta.url);

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "agent-baton-bins-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const run = (file: string, args: string[]) =>
  spawnSync(process.execPath, [file, ...args], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, HOME: home, COORDINATION_DIR: join(home, "coord"), BATON_SESSION_ID: "bins" },
  });

it("declares exactly the bins of the CLI, the MCP server and pytest-locked", () => {
  const theirs = PACKAGES.flatMap((p) => p.bins);
  expect(Object.keys(umbrella.bin).sort()).toEqual(theirs.sort());
});

it.each(Object.entries(umbrella.bin))(
  "%s runs the real package's bin with the same arguments",
  (bin, file) => {
    const owner = PACKAGES.find((p) => p.bins.includes(bin))!;
    const own = require.resolve(`${owner.name}/bin/${bin}`);
    const stub = fileURLToPath(new URL(`../${file}`, import.meta.url));
    for (const args of [["--help"], ["--version"]]) {
      const theirs = run(own, args);
      const ours = run(stub, args);
      expect(theirs.status, theirs.stderr).toBe(0);
      expect({ status: ours.status, stdout: ours.stdout }).toEqual({
        status: theirs.status,
        stdout: theirs.stdout,
      });
    }
  },
);

it("baton heartbeat daemon through the umbrella's bin runs the CLI's own baton bin", () => {
  const baton = fileURLToPath(new URL(`../${umbrella.bin.baton}`, import.meta.url));
  const started = run(baton, ["heartbeat", "daemon", "--json"]);
  expect(started.status, started.stderr).toBe(0);
  const { pid } = JSON.parse(started.stdout) as { pid: number };
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    expect(argv.slice(1, 4)).toEqual([
      require.resolve("@agent-baton/cli/bin/baton"),
      "heartbeat",
      "beat-loop",
    ]);
  } finally {
    expect(run(baton, ["heartbeat", "stop"]).status).toBe(0);
  }
});
