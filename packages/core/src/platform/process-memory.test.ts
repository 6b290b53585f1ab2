import { describe, expect, it } from "vitest";
import { PROBES, sleeper } from "../../test/real-processes.js";
import { linuxProbe, portableProbe } from "./select.js";

describe.each(PROBES)("process memory, $name probe", (probe) => {
  it("reads a child's resident memory, and null once it is gone", async () => {
    const child = await sleeper();
    const memory = probe.processMemory(child.pid!)!;
    expect(memory.rss).toBeGreaterThan(0);
    if (probe.name === "linux") expect(memory.peak).toBeGreaterThanOrEqual(memory.rss);
    else expect(memory.peak).toBeNull();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(probe.processMemory(child.pid!)).toBeNull();
  });
});

it("both probes read the same resident size of an idle process", async () => {
  const child = await sleeper();
  expect(portableProbe.processMemory(child.pid!)!.rss).toBe(linuxProbe.processMemory(child.pid!)!.rss);
});
