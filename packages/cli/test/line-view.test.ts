import type { ChildProcess } from "node:child_process";
import { CheckResultSchema, ListLocksResultSchema, LockInfoSchema } from "@agent-baton/core";
import { describe, expect, it, vi } from "vitest";
import { backends, collect } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

const as = (id: string) => ({ env: { BATON_SESSION_ID: id } });

/** Resolves with everything the child said on stderr once it matches `pattern`. */
function said(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (d: Buffer) => {
      text += d;
      if (pattern.test(text)) {
        child.stderr!.off("data", onData);
        resolve(text);
      }
    };
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code} before saying ${pattern}:\n${text}`)));
  });
}

describe.each(backends())("the line as every view shows it, on the $name backend", ({ world }) => {
  it("a waiter says its place and the holder's tier; check, info, list and status show the line", async () => {
    const w = world();
    await w.run(["session", "start"], as("alice"));
    expect((await w.run(["lock", "acquire", "q", "--ttl", "300"], as("alice"))).code).toBe(0);
    const bob = w.spawn(["lock", "acquire", "q", "--wait", "60"], as("bob"));
    const bobDone = collect(bob);
    await said(bob, /1st in line/);
    const carol = w.spawn(["run", "--lock", "q", "--wait", "60", "--", "true"], as("carol"));
    const carolDone = collect(carol);
    const carolSaid = await said(carol, /in line/);
    expect(carolSaid).toMatch(
      /^baton: waiting for q: 2nd in line, held by alice \(active, \d+s\) in \S+ since \S+Z; waited 0s of 60s$/m,
    );

    const check = await w.run(["lock", "check", "q", "--json"], as("dave"));
    expect(check.code).toBe(1);
    const checked = CheckResultSchema.parse(check.json());
    expect(checked.waiters.map((x) => [x.position, x.session_id])).toEqual([
      [1, "bob"],
      [2, "carol"],
    ]);
    expect(checked.holders.map((h) => h.held_by)).toEqual(["alice"]);
    const human = (await w.run(["lock", "check", "q"], as("dave"))).stdout;
    expect(human).toMatch(/^held: resource:q by alice \(active\), [\d.]+s left, 2 waiting$/m);
    expect(human).toMatch(
      /^ {2}holder alice \(active\) since \d\d:\d\d:\d\d \(\d+s ago\), [\d.]+s left, token \d+$/m,
    );
    expect(human).toMatch(/^ {2}1\. bob waiting since \d\d:\d\d:\d\d \(\d+s ago\)$/m);
    expect(human).toMatch(/^ {2}2\. carol waiting since /m);

    const info = LockInfoSchema.parse((await w.run(["lock", "info", "q", "--json"])).json());
    expect(info.waiters.map((x) => x.session_id)).toEqual(["bob", "carol"]);
    expect((await w.run(["lock", "info", "q"])).stdout).toMatch(/^2\. carol waiting since /m);

    const listed = ListLocksResultSchema.parse((await w.run(["lock", "list", "--json"])).json());
    expect(listed.locks[0]!.waiters.map((x) => [x.position, x.session_id, typeof x.since])).toEqual([
      [1, "bob", "string"],
      [2, "carol", "string"],
    ]);
    const list = (await w.run(["lock", "list"])).stdout;
    expect(list).toMatch(/^resource:q {2}alice .*, 2 waiting$/m);
    expect(list).toMatch(/^ {4}1\. bob waiting since /m);

    const status = (await w.run(["status"])).stdout;
    expect(status).toMatch(/^ {2}resource:q {2}alice {2}[\d.]+s left {2}2 waiting$/m);
    expect(status).toMatch(/^ {6}1\. bob waiting since /m);
    expect(status).toMatch(/^ {6}2\. carol waiting since /m);

    await w.run(["lock", "release", "q"], as("alice"));
    expect((await bobDone).code).toBe(0);
    await w.run(["lock", "release", "q"], as("bob"));
    expect((await carolDone).code).toBe(0);
  });

  it("--slots that disagree with the slots in force exit 2 naming them; --shared with --slots is refused", async () => {
    const w = world();
    expect((await w.run(["lock", "acquire", "gpu", "--slots", "3"], as("alice"))).code).toBe(0);
    const r = await w.run(["lock", "acquire", "gpu", "--slots", "2"], as("bob"));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/resource:gpu has 3 slots in force; ask with --slots 3/);
    const ran = await w.run(["run", "--lock", "gpu", "--", "true"], as("bob"));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/has 3 slots in force/);
    expect(
      (await w.run(["lock", "acquire", "gpu", "--slots", "3", "--json"], as("bob"))).json(),
    ).toMatchObject({
      acquired: true,
    });
    const both = await w.run(["lock", "acquire", "db", "--shared", "--slots", "2"], as("bob"));
    expect(both.code).toBe(2);
    expect((await w.run(["lock", "acquire", "gpu", "--slots", "0"], as("bob"))).code).toBe(2);
    expect((await w.run(["lock", "check", "gpu"], as("carol"))).stdout).toMatch(
      /^free: resource:gpu, 2 of 3 slots held$/m,
    );
  });
});
