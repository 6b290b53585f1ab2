import type { ClaimRecord } from "./schemas/claim.js";
import type { LockRecord } from "./schemas/lock.js";
import type { SessionRecord } from "./schemas/session.js";

type FieldKind = "string" | "int" | "boolean" | "object" | "string|null" | "int|null";

/** A stored record's fields and their kinds: a zod-free check for drivers reading records on hot paths. */
export interface RecordShape<T> {
  readonly fields: Readonly<Record<keyof T & string, FieldKind>>;
  /** The record when every field has its kind, else failure; same contract as a zod schema's safeParse. */
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

function fits(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof v === "string";
    case "int":
      return Number.isInteger(v);
    case "boolean":
      return typeof v === "boolean";
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "string|null":
      return v === null || typeof v === "string";
    default:
      return v === null || Number.isInteger(v);
  }
}

function shape<T>(fields: Record<keyof T & string, FieldKind>): RecordShape<T> {
  const entries = Object.entries(fields) as Array<[string, FieldKind]>;
  return {
    fields,
    safeParse(value) {
      if (typeof value !== "object" || value === null) return { success: false };
      const record = value as Record<string, unknown>;
      return entries.every(([key, kind]) => fits(kind, record[key]))
        ? { success: true, data: value as T }
        : { success: false };
    },
  };
}

// The schemas in schemas/ stay the source of truth: record-shapes.test.ts fails when these drift from them.
export const LockRecordShape = shape<LockRecord>({
  lock_name: "string",
  held_by: "string",
  host: "string",
  pid: "int|null",
  pid_start: "string|null",
  worktree: "string|null",
  acquired_at: "string",
  expires_at: "string",
  fencing_token: "int",
});

export const SessionRecordShape = shape<SessionRecord>({
  session_id: "string",
  host: "string",
  pid: "int|null",
  pid_start: "string|null",
  cwd: "string",
  worktree: "string|null",
  repo: "string|null",
  branch: "string|null",
  started_at: "string",
  last_heartbeat: "string",
  paused: "boolean",
  metadata: "object",
});

export const ClaimRecordShape = shape<ClaimRecord>({
  repo: "string",
  number: "int",
  title: "string",
  label: "string",
  session_id: "string",
  claimed_at: "string",
});
