import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { hotCommand } from "./hot-commands.js";
import { buildProgram, type RunState } from "./program.js";

/** What the full program would run for `argv`: the leaf's path, its operands and its merged options. */
async function programParse(argv: string[]) {
  const state: RunState = { code: 0, opts: {} };
  const program = buildProgram("baton", "0.0.0", state).configureOutput({
    writeOut: () => {},
    writeErr: () => {},
  });
  let seen: { path: string; args: string[]; opts: Record<string, unknown> } | undefined;
  program.hook("preAction", (_root, leaf: Command) => {
    const opts = Object.fromEntries(
      Object.entries(leaf.optsWithGlobals()).filter(([, v]) => v !== undefined),
    );
    seen = { path: `${leaf.parent?.name()} ${leaf.name()}`, args: leaf.processedArgs as string[], opts };
    throw new Error("parsed");
  });
  await program.parseAsync(argv, { from: "user" }).catch(() => {});
  return seen;
}

describe("hotCommand", () => {
  it.each([
    [["heartbeat"]],
    [["heartbeat", "--hook"]],
    [["heartbeat", "touch", "--hook", "--strict"]],
    [["heartbeat", "--json", "--session", "s-1", "--backend", "file"]],
    [["heartbeat", "--hook", "--session=s-2", "--session", "s-3"]],
    [["heartbeat", "--backend=redis", "--json", "--hook", "--strict"]],
    [["lock", "check", "x"]],
    [["lock", "check", "--json", "build"]],
    [["lock", "check", "db/main", "--session", "s-1", "--backend", "local"]],
    [["lock", "check", "x", "--session=a=b", "--json"]],
    [["reservations", "check", "--hook"]],
    [["reservations", "check", "--hook", "--warn", "--strict"]],
    [["reservations", "check", "--warn", "--session", "s-1", "--hook", "--backend=redis"]],
  ])("%j runs what the full program runs, with the same options", async (argv) => {
    const hot = hotCommand(argv);
    const full = await programParse(argv);
    expect(hot).not.toBeNull();
    expect(full).toBeDefined();
    const path =
      hot!.command === "heartbeat"
        ? "heartbeat touch"
        : hot!.command === "lock check"
          ? "lock check"
          : "reservations check";
    const args =
      hot!.command === "lock check" ? [hot!.name] : hot!.command === "reservations check" ? [[]] : [];
    expect({ path, args, opts: hot!.opts }).toEqual(full);
  });

  it.each([
    [[]],
    [["--help"]],
    [["heartbeat", "--help"]],
    [["heartbeat", "-h"]],
    [["heartbeat", "daemon"]],
    [["heartbeat", "--hook", "touch"]],
    [["heartbeat", "--session"]],
    [["heartbeat", "--session", "--json"]],
    [["heartbeat", "--session="]],
    [["heartbeat", "--json=yes"]],
    [["heartbeat", "--verbose"]],
    [["heartbeat", "--", "--hook"]],
    [["lock", "check"]],
    [["lock", "check", "x", "y"]],
    [["lock", "check", "x", "--hook"]],
    [["lock", "--json", "check", "x"]],
    [["lock", "acquire", "x"]],
    [["--json", "heartbeat"]],
    [["reservations", "check"]],
    [["reservations", "check", "--warn"]],
    [["reservations", "check", "--hook", "src/x.ts"]],
    [["reservations", "check", "--hook", "--staged"]],
    [["reservations", "--hook", "check"]],
  ])("%j is left to the full program (help, errors, other commands)", (argv) => {
    expect(hotCommand(argv)).toBeNull();
  });
});
