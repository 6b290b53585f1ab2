import { describe, expect, it } from "vitest";
import { makeWorld, sleep } from "./helpers.js";

const PROBES = ["linux", "portable"] as const;

/**
 * Runs `baton run --lock shared` under one probe, its command a sleep that prints its pid; resolves
 * once the lock is held.
 */
async function holdUnder(w: ReturnType<typeof makeWorld>, probe: string) {
  const child = w.spawn(["run", "--lock", "shared", "--", "sh", "-c", "echo $$; exec sleep 60"], {
    env: { BATON_SESSION_ID: "holder", BATON_PLATFORM_PROBE: probe },
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  const exited = new Promise((r) => child.once("exit", r));
  for (let i = 0; i < 100; i++) {
    const info = await w.run(["lock", "info", "shared", "--json"], { env: { BATON_SESSION_ID: "reader" } });
    if (info.code === 0 && out.includes("\n"))
      return { child, exited, command: Number(out), record: info.json() };
    await sleep(100);
  }
  throw new Error(`baton run never took the lock (stdout: ${out})`);
}

describe.each([
  [PROBES[0], PROBES[1]],
  [PROBES[1], PROBES[0]],
])("a lock taken under the %s probe, judged under the %s probe", (recorder, checker) => {
  it("is held while its process runs, and free once that process is killed outright", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const other = { env: { BATON_SESSION_ID: "other", BATON_PLATFORM_PROBE: checker } };
    const { child, exited, command, record } = await holdUnder(w, recorder);
    expect(record.pid).toBe(child.pid);
    expect(record.pid_start).toMatch(recorder === "linux" ? /^proc:\d+:\d+$/ : /^ps:\d+$/);

    const refused = await w.run(["lock", "acquire", "shared", "--json"], other);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ acquired: false, held_by: "holder" });

    child.kill("SIGKILL");
    await exited;
    // The command outlives baton run (issue 13 is about that); only the lock's own process counts here.
    process.kill(command, "SIGKILL");
    const taken = await w.run(["lock", "acquire", "shared", "--json"], other);
    expect(taken.code).toBe(0);
    expect(taken.json()).toMatchObject({ acquired: true, held_by: "other" });
  });
});

it("an unknown BATON_PLATFORM_PROBE is bad config: exit 2, one line, nothing taken", async () => {
  const w = makeWorld({ COORDINATION_BACKEND: "file" });
  const r = await w.run(["lock", "acquire", "x"], {
    env: { BATON_SESSION_ID: "a", BATON_PLATFORM_PROBE: "macos" },
  });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    'baton: BATON_PLATFORM_PROBE="macos" is not a probe: set it to linux or portable, or unset it\n',
  );
  expect((await w.run(["lock", "check", "x"], { env: { BATON_SESSION_ID: "b" } })).code).toBe(0);
});
