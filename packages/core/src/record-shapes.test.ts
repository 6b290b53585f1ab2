import { describe, expect, it } from "vitest";
import { ClaimRecordShape, LockRecordShape, SessionRecordShape } from "./record-shapes.js";
import { ClaimRecordSchema } from "./schemas/claim.js";
import { LockRecordSchema } from "./schemas/lock.js";
import { SessionRecordSchema } from "./schemas/session.js";

const lock = {
  lock_name: "resource:a",
  held_by: "s1",
  host: "h",
  pid: null,
  pid_start: null,
  worktree: "/w",
  acquired_at: "2026-01-01T00:00:00.000Z",
  expires_at: "2026-01-01T00:05:00.000Z",
  fencing_token: 3,
};

describe("record shapes (the drivers' zod-free record check)", () => {
  it.each([
    ["lock", LockRecordShape, LockRecordSchema],
    ["session", SessionRecordShape, SessionRecordSchema],
    ["claim", ClaimRecordShape, ClaimRecordSchema],
  ] as const)("%s shape has exactly the fields of its zod schema", (_name, shape, schema) => {
    expect(Object.keys(shape.fields).sort()).toEqual(Object.keys(schema.shape).sort());
  });

  it("accepts what the schema accepts and rejects wrong kinds, missing fields and non-objects", () => {
    expect(LockRecordSchema.safeParse(lock).success).toBe(true);
    expect(LockRecordShape.safeParse(lock)).toEqual({ success: true, data: lock });
    for (const bad of [
      { ...lock, fencing_token: "3" },
      { ...lock, pid: 1.5 },
      { ...lock, held_by: undefined },
      null,
      "x",
      42,
    ]) {
      expect(LockRecordShape.safeParse(bad).success).toBe(false);
      expect(LockRecordSchema.safeParse(bad).success).toBe(false);
    }
  });
});
