import { describe, expect, it } from "vitest";
import { PROBES, shell } from "../../test/real-processes.js";
import { linuxProbe, portableProbe } from "./select.js";

describe.each(PROBES)("ancestors, $name probe", (probe) => {
  it("walks from a grandchild up through its parent, this process and this process's ancestors", async () => {
    const { child, pids } = await shell("sleep 60 & echo $!; wait", 1);
    const mine = probe.ancestors(process.pid, 32);
    expect(mine[0]).toBe(process.ppid);
    expect(probe.ancestors(pids[0]!, 32)).toEqual([child.pid, process.pid, ...mine]);
  });

  it("stops before pid 1 and after max", async () => {
    const { pids } = await shell("sleep 60 & echo $!; wait", 1);
    const all = probe.ancestors(pids[0]!, 32);
    expect(all).not.toContain(1);
    expect(probe.ancestors(pids[0]!, 2)).toEqual(all.slice(0, 2));
  });

  it("is empty for a pid that names no process", () => {
    expect(probe.ancestors(0, 32)).toEqual([]);
    expect(probe.ancestors(2 ** 22 + 1, 32)).toEqual([]);
  });
});

it("both probes find the same ancestors", async () => {
  const { pids } = await shell("sleep 60 & echo $!; wait", 1);
  expect(portableProbe.ancestors(pids[0]!, 32)).toEqual(linuxProbe.ancestors(pids[0]!, 32));
});
