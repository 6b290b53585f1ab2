import { describe, expect, it } from "vitest";
import { decodeEvent, decodeHold, decodeState, encodeOwner } from "./records.js";

const owner = {
  held_by: 'sessión "1"\n\\x',
  host: "höst",
  pid: 42,
  pid_start: "Tue Jan  6 10:00:00 2026",
  pgid: null,
  worktree: "/home/zoë/代码/baton",
};
const acquired = 1_780_000_000_123;
const hold = {
  ...JSON.parse(encodeOwner(owner)),
  mode: "shared",
  token: "1780000000123456",
  acquired,
  expires: acquired + 60_000,
};

describe("stored lock values", () => {
  it("a hold decodes to the record it was made from, whatever the session id and worktree hold", () => {
    expect(decodeHold(JSON.stringify(hold), "resource:ü")).toEqual({
      lock_name: "resource:ü",
      ...owner,
      mode: "shared",
      acquired_at: new Date(acquired).toISOString(),
      expires_at: new Date(acquired + 60_000).toISOString(),
      fencing_token: 1_780_000_000_123_456,
    });
  });

  it("a reader leaves out holds, places and requests that lapsed by Redis's clock, and null when nothing is left", () => {
    const place = (session_id: string, lease: number) => ({
      session_id,
      host: "h",
      mode: "exclusive",
      since: acquired,
      lease,
    });
    const request = { by: "asker", reason: null, at: acquired, expires: acquired + 10 };
    const raw = JSON.stringify({
      slots: 2,
      holds: [hold, { ...hold, held_by: "short", expires: acquired + 5 }],
      line: [place("gone", acquired + 5), place("w", acquired + 60_000)],
      requests: [request],
    });
    const state = decodeState(raw, "resource:x", acquired + 20);
    expect(state?.holders.map((h) => h.held_by)).toEqual([owner.held_by]);
    expect(state?.waiters.map((w) => w.session_id)).toEqual(["w"]);
    expect(state?.requests).toEqual([]);
    expect(decodeState(raw, "resource:x", acquired + 1)?.requests).toHaveLength(1);
    expect(decodeState(raw, "resource:x", acquired + 60_000)).toBeNull();
  });
});

describe("events", () => {
  it("take their time from the stream id, or from `at` for a change found later; absent fields are null", () => {
    expect(
      decodeEvent("1780000000999-3", { type: "lock.released", name: "resource:x", token: "17" }),
    ).toEqual({
      id: "1780000000999-3",
      time: new Date(1_780_000_000_999).toISOString(),
      type: "lock.released",
      name: "resource:x",
      session: null,
      host: null,
      token: 17,
      by: null,
      reason: null,
      waited_ms: null,
      position: null,
    });
    const found = decodeEvent("1780000000999-0", { type: "lock.expired", name: "n", at: "1780000000500" });
    expect(found.time).toBe(new Date(1_780_000_000_500).toISOString());
  });
});
