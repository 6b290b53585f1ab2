import { describe, expect, it } from "vitest";
import { PROBES, sleeper, zombie } from "../../test/real-processes.js";
import { isProcessRunning, isRecordedProcessGone, localHost, processStartTime } from "./process-info.js";
import { linuxProbe, portableProbe } from "./select.js";

describe.each(PROBES)("a recorded process, judged by the $name probe", (probe) => {
  it("runs while it runs, and is gone once it exits", async () => {
    const child = await sleeper();
    const start = probe.processStatus(child.pid!)!.start;
    expect(isProcessRunning(child.pid!, probe)).toBe(true);
    expect(isRecordedProcessGone(child.pid!, start, probe)).toBe(false);
    expect(isRecordedProcessGone(child.pid!, null, probe)).toBe(false);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(isProcessRunning(child.pid!, probe)).toBe(false);
    expect(isRecordedProcessGone(child.pid!, start, probe)).toBe(true);
  });

  it("a zombie is gone, though kill(pid, 0) still finds it", async () => {
    const { pid } = await zombie();
    expect(isProcessRunning(pid, probe)).toBe(false);
    expect(isRecordedProcessGone(pid, null, probe)).toBe(true);
  });

  it("a pid that now names a later process is gone", async () => {
    const child = await sleeper();
    // What pid 1's start would look like had it been recorded for the child's pid: a reused pid.
    expect(isRecordedProcessGone(child.pid!, probe.processStatus(1)!.start, probe)).toBe(true);
  });
});

describe("a start recorded by one probe and checked by the other", () => {
  it("keeps a live holder alive, and still tells a reused pid, in both directions", async () => {
    const child = await sleeper();
    for (const [recorder, checker] of [
      [linuxProbe, portableProbe],
      [portableProbe, linuxProbe],
    ] as const) {
      const start = recorder.processStatus(child.pid!)!.start;
      expect(isRecordedProcessGone(child.pid!, start, checker)).toBe(false);
      expect(isRecordedProcessGone(child.pid!, recorder.processStatus(1)!.start, checker)).toBe(true);
    }
  });
});

it("processStartTime and the host name are those of the probe in use", () => {
  expect(processStartTime(process.pid)).toMatch(
    process.env.BATON_PLATFORM_PROBE === "portable" ? /^ps:/ : /^proc:/,
  );
  expect(localHost()).not.toBe("");
});
