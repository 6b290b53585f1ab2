import { describe, expect, it } from "vitest";
import { PROBES, sleeper } from "../../test/real-processes.js";
import { parsePsTime } from "./process-cpu.js";

describe.each(PROBES)("process CPU time, $name probe", (probe) => {
  it("reads a busy child's CPU time, and null once it is gone", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, ["-e", "const end = Date.now() + 1500; while (Date.now() < end);"]);
    const exited = new Promise((r) => child.once("exit", r));
    await new Promise((r) => setTimeout(r, 1_300));
    expect(probe.processCpuMs(child.pid!)).toBeGreaterThan(0);
    await exited;
    expect(probe.processCpuMs(child.pid!)).toBeNull();
  });

  it("reads an idle child's CPU time as a small number", async () => {
    const child = await sleeper();
    const ms = probe.processCpuMs(child.pid!);
    child.kill("SIGKILL");
    expect(ms).not.toBeNull();
    expect(ms!).toBeLessThan(60_000);
  });
});

it("reads ps's time column in both forms", () => {
  expect(parsePsTime("00:00:03")).toBe(3_000);
  expect(parsePsTime("0:01.25")).toBe(1_250);
  expect(parsePsTime("1-02:03:04")).toBe(((24 + 2) * 60 + 3) * 60_000 + 4_000);
  expect(parsePsTime("nope")).toBeNull();
});
