import { describe, expect, it } from "vitest";
import { PROBES, shell, sleeper, stateOf, zombie } from "../../test/real-processes.js";
import { linuxProbe, portableProbe } from "./select.js";
import { sameProcessStart } from "./start-token.js";

describe.each(PROBES)("process status, $name probe", (probe) => {
  it("names this process's parent and group, and gives a start token of its own form", () => {
    const me = probe.processStatus(process.pid)!;
    expect(me.ppid).toBe(process.ppid);
    expect(me.zombie).toBe(false);
    expect(me.start).toMatch(probe.name === "linux" ? /^proc:\d+:\d+$/ : /^ps:\d+$/);
    const epoch = Number(me.start.split(":")[1]);
    expect(epoch).toBeLessThanOrEqual(Date.now() / 1000 + 2);
    expect(epoch).toBeGreaterThan(Date.now() / 1000 - 86_400 * 365);
  });

  it("sees a grandchild's parent, and a child in a group of its own", async () => {
    const { child, pids } = await shell("sleep 60 & echo $!; wait", 1);
    const grandchild = probe.processStatus(pids[0]!)!;
    expect(grandchild.ppid).toBe(child.pid);
    expect(grandchild.pgid).toBe(child.pid);
    expect(probe.processStatus(child.pid!)).toMatchObject({
      ppid: process.pid,
      pgid: child.pid,
      zombie: false,
    });
  });

  it("tells a zombie from a running process", async () => {
    const { pid, parent } = await zombie();
    expect(probe.processStatus(pid)).toMatchObject({ ppid: parent.pid, zombie: true });
    expect(stateOf(parent.pid!)).not.toBe("Z");
    expect(probe.processStatus(parent.pid!)?.zombie).toBe(false);
  });

  it("says null for a process that has exited and been reaped, and for pids that name none", async () => {
    const child = await sleeper();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(probe.processStatus(child.pid!)).toBeNull();
    expect(probe.processStatus(0)).toBeNull();
    expect(probe.processStatus(-1)).toBeNull();
    expect(probe.processStatus(1.5)).toBeNull();
  });
});

describe("start tokens across the two probes", () => {
  it("a start read by one probe is the same start to the other, both ways", async () => {
    const child = await sleeper();
    for (const pid of [process.pid, child.pid!, 1]) {
      const linux = linuxProbe.processStatus(pid)!.start;
      const portable = portableProbe.processStatus(pid)!.start;
      expect(sameProcessStart(linux, portable)).toBe(true);
      expect(sameProcessStart(portable, linux)).toBe(true);
      expect(sameProcessStart(linux, linuxProbe.processStatus(pid)!.start)).toBe(true);
      expect(sameProcessStart(portable, portableProbe.processStatus(pid)!.start)).toBe(true);
    }
  });

  it("a start recorded for one process is not the start of a later one, whichever probe read either", async () => {
    const child = await sleeper();
    // pid 1 started with the machine; the child a moment ago: a pid reused after that long.
    for (const [a, b] of [
      [linuxProbe, portableProbe],
      [portableProbe, linuxProbe],
      [linuxProbe, linuxProbe],
      [portableProbe, portableProbe],
    ] as const) {
      expect(sameProcessStart(a.processStatus(1)!.start, b.processStatus(child.pid!)!.start)).toBe(false);
    }
  });
});
