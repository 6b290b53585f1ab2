import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { PROBES, sleeper } from "../../test/real-processes.js";
import { parsePsTime } from "./process-cpu.js";
import { linuxProbe } from "./select.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** A child that spins until killed, returned once /proc shows it has used more than a second of CPU. */
async function busyChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "for (;;);"], { stdio: "ignore" });
  children.push(child);
  while ((linuxProbe.processCpuMs(child.pid!) ?? 0) < 1_100) await new Promise((r) => setTimeout(r, 100));
  return child;
}

describe.each(PROBES)("process CPU time, $name probe", (probe) => {
  it("reads a busy child's CPU time, and null once it is gone", async () => {
    const child = await busyChild();
    // ps prints whole seconds on Linux; a second of CPU shows under both probes
    expect(probe.processCpuMs(child.pid!)).toBeGreaterThanOrEqual(1_000);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(probe.processCpuMs(child.pid!)).toBeNull();
  }, 60_000);

  it("reads an idle child's CPU time as less than a second", async () => {
    const child = await sleeper();
    children.push(child);
    const ms = probe.processCpuMs(child.pid!);
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
