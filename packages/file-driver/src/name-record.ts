import {
  HistoryEventSchema,
  LockModeSchema,
  LockRecordSchema,
  type LockState,
  LockStateSchema,
} from "@agent-baton/core";
import * as z from "zod/mini";
import { logLine } from "./history-events.js";
import type { RecordSchema } from "./record-files.js";

/**
 * The events of the step that wrote a record, kept in the record itself (written in the same
 * rename), so the next step on the name can see whether they reached the log and append them if a
 * crash or a failed write kept them out. They are kept as the very lines the step appends: one
 * string, which every read of the record passes over without building or checking the events.
 * `log` is where the log ended just before they were appended: they lie at or after that offset of
 * the file with that inode.
 */
const JournalSchema = z.object({
  log: z.nullable(z.object({ ino: z.number(), offset: z.number() })),
  lines: z.string(),
  /** Ids of the events that were also notices for their `session`. */
  notify: z.array(z.string()),
});
export type Journal = z.infer<typeof JournalSchema>;

/**
 * One lock name on disk: the LockState (holds, line, requests, slots in force) plus the name's
 * fencing counter, a generation that changes with every change a waiter cares about, and the
 * journal of the last step. Expired holds and lapsed places stay until a step prunes them.
 */
export const NameRecordSchema = z.extend(LockStateSchema, {
  last_token: z.int().check(z.nonnegative()),
  gen: z.int(),
  journal: z.optional(JournalSchema),
});
export type NameRecord = z.infer<typeof NameRecordSchema>;

/** A record whose journal holds its events as objects, as the first version with history wrote it. */
const EventsJournalRecordSchema = z.extend(NameRecordSchema, {
  journal: z.object({
    log: JournalSchema.shape.log,
    events: z.array(HistoryEventSchema),
    notify: z.array(z.string()),
  }),
});

/** A record written by baton before lines and slots: one exclusive hold, the file its only holder. */
const LegacyLockRecordSchema = z.extend(LockRecordSchema, {
  mode: z.optional(LockModeSchema),
  pgid: z.optional(z.nullable(z.int())),
});

/** Reads today's name records and the earlier forms: journals of event objects, single lock records. */
export const nameRecordFormat: RecordSchema<NameRecord> = {
  safeParse(value) {
    const current = NameRecordSchema.safeParse(value);
    if (current.success) return { success: true, data: current.data };
    const events = EventsJournalRecordSchema.safeParse(value);
    if (events.success) {
      const { log, notify } = events.data.journal;
      const lines = events.data.journal.events.map(logLine).join("");
      return { success: true, data: { ...events.data, journal: { log, lines, notify } } };
    }
    const legacy = LegacyLockRecordSchema.safeParse(value);
    if (!legacy.success) return { success: false };
    const hold = { ...legacy.data, mode: legacy.data.mode ?? "exclusive", pgid: legacy.data.pgid ?? null };
    return {
      success: true,
      data: {
        ...emptyRecord(hold.lock_name, hold.fencing_token, 0),
        holders: [hold],
      },
    };
  },
};

export function emptyRecord(name: string, lastToken: number, gen: number): NameRecord {
  return { lock_name: name, slots: 1, holders: [], waiters: [], requests: [], last_token: lastToken, gen };
}

/** The greatest token the record knows of. */
export function lastTokenOf(record: NameRecord): number {
  return Math.max(record.last_token, ...record.holders.map((h) => h.fencing_token));
}

/** Whether the name exists: it has holds or waiters (expired ones count until pruned). */
export const exists = (record: NameRecord) => record.holders.length > 0 || record.waiters.length > 0;

/** The record as readers see it at `now`: live holds and places only, requests only while held. */
export function liveState(record: NameRecord, now: number): LockState {
  const holders = record.holders.filter((h) => Date.parse(h.expires_at) > now);
  const waiters = record.waiters.filter((w) => Date.parse(w.lease_expires_at) > now);
  const requests = holders.length ? record.requests.filter((r) => Date.parse(r.expires_at) > now) : [];
  return { lock_name: record.lock_name, slots: record.slots, holders, waiters, requests };
}

/** Null for a name that does not exist at `now`. */
export function liveOrNull(record: NameRecord | null, now: number): LockState | null {
  if (!record) return null;
  const state = liveState(record, now);
  return state.holders.length || state.waiters.length ? state : null;
}
