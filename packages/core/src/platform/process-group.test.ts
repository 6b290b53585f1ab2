import { describe, expect, it } from "vitest";
import { PROBES, runs, shell, stateOf, waitFor, zombie } from "../../test/real-processes.js";
import { hasGroupMembers } from "./signals.js";

describe.each(PROBES)("process group liveness, $name probe", (probe) => {
  it("a group whose leader runs is alive", async () => {
    const { child } = await shell("sleep 60 & sleep 60 & wait", 0);
    expect(probe.isGroupAlive(child.pid!)).toBe(true);
  });

  it("stays alive while a grandchild runs after its leader was killed", async () => {
    const { child, pids } = await shell("sleep 60 & echo $!; wait", 1);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(stateOf(child.pid!)).toBeNull();
    expect(runs(pids[0]!)).toBe(true);
    expect(probe.isGroupAlive(child.pid!)).toBe(true);
  });

  it("is dead once every member is killed", async () => {
    const { child, pids } = await shell("sleep 60 & echo $!; wait", 1);
    process.kill(-child.pid!, "SIGKILL");
    await waitFor(() => !runs(pids[0]!) && !runs(child.pid!), "every member is killed");
    expect(probe.isGroupAlive(child.pid!)).toBe(false);
  });

  it("a group whose only member is a zombie is not alive, though kill(-pgid, 0) still finds it", async () => {
    const { pid } = await zombie();
    expect(hasGroupMembers(pid)).toBe(true);
    expect(probe.isGroupAlive(pid)).toBe(false);
  });

  it("a group that never existed is not alive", () => {
    expect(probe.isGroupAlive(2 ** 22 + 1)).toBe(false);
    expect(probe.isGroupAlive(0)).toBe(false);
  });
});
