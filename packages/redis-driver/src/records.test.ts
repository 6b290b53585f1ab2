import { describe, expect, it } from "vitest";
import { decodeLock, holderField, ownerDetails } from "./records.js";

describe("lock values", () => {
  it("decode to the record they were made from, whatever the session id and worktree hold", () => {
    const owner = {
      held_by: 'sessión "1"\n\\x',
      host: "höst",
      pid: 42,
      pid_start: "Tue Jan  6 10:00:00 2026",
      worktree: "/home/zoë/代码/baton",
    };
    const acquired = 1_780_000_000_123;
    const raw = [
      holderField(owner.held_by),
      "1780000000123456",
      acquired,
      acquired + 60_000,
      ownerDetails(owner),
    ].join("\n");
    expect(decodeLock(raw, "resource:ü")).toEqual({
      lock_name: "resource:ü",
      ...owner,
      acquired_at: new Date(acquired).toISOString(),
      expires_at: new Date(acquired + 60_000).toISOString(),
      fencing_token: 1_780_000_000_123_456,
    });
  });
});
