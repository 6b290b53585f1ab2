import { join } from "node:path";
import type { Clock } from "@agent-baton/core";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import { HeldIndex } from "./held-index.js";
import type { History } from "./history.js";
import type { Layout } from "./layout.js";
import { NameChange } from "./name-change.js";
import { emptyRecord, exists, lastTokenOf, type NameRecord, nameRecordFormat } from "./name-record.js";
import type { RecordFiles } from "./record-files.js";

/** A record as a reader found it without the guard. */
export type Peek = { state: "ok"; record: NameRecord } | { state: "absent" } | { state: "corrupt" };

/**
 * Every change of a lock name is one step under the name's proper-lockfile guard: read the record
 * (or, for a name that does not exist, its counter), settle the last step's journal, let the
 * grant rule decide, then write. `locks/<key>.json` is replaced by rename; when the name stops
 * existing its last record, with the step's journal, becomes the counter `fencing/<key>.json`
 * and the record is unlinked (that unlink is the change). Index entries of new holds and places
 * are made before the write, those of ended ones removed after; notices and events follow.
 */
export class NameSteps {
  /** Per name, the lines of the last journal this process saw reach the log (ids make them unique). */
  private readonly settled = new Map<string, string>();

  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
    private readonly clock: Clock,
    private readonly index: HeldIndex,
    private readonly history: History,
  ) {}

  recordPath(key: string): string {
    return join(this.layout.locks, `${key}.json`);
  }

  private counterPath(key: string): string {
    return join(this.layout.fencing, `${key}.json`);
  }

  now(): number {
    return this.clock.now();
  }

  /** A mark of the record file that changes with every write (a cheap look before a read). */
  stamp(key: string): string {
    return this.files.stamp(this.recordPath(key));
  }

  /** The record without the guard. */
  peek(key: string): Peek {
    const seen = this.files.peek(this.recordPath(key), nameRecordFormat);
    return seen.state === "ok" ? { state: "ok", record: seen.value } : seen;
  }

  /** The record to start from, under the guard: a corrupt file is moved aside and counts as absent. */
  private load(key: string, name: string): { record: NameRecord; existed: boolean } {
    const path = this.recordPath(key);
    const seen = this.files.peek(path, nameRecordFormat);
    if (seen.state === "ok") return { record: seen.value, existed: true };
    if (seen.state === "corrupt") this.files.quarantine(path);
    const counterPath = this.counterPath(key);
    const counter = this.files.peek(counterPath, nameRecordFormat);
    if (counter.state === "corrupt") this.files.quarantine(counterPath);
    if (counter.state !== "ok") return { record: emptyRecord(name, 0, 1), existed: false };
    const record = emptyRecord(name, lastTokenOf(counter.value), counter.value.gen + 1);
    return { record: { ...record, journal: counter.value.journal }, existed: false };
  }

  /**
   * Runs `decide` on the name's record under its guard and writes what it changed. `name` is the
   * stored name, or null when only the key is known (a session's index): then a name that does
   * not exist is left alone.
   */
  async run<T>(
    key: string,
    name: string | null,
    decide: (change: NameChange) => T,
  ): Promise<{ result: T | null; record: NameRecord | null }> {
    const out = await this.guards.with(`lock-${key}`, () => {
      const { record, existed } = this.load(key, name ?? key);
      this.settle(key, record);
      if (!existed && name === null) return { result: null, record: null };
      const change = new NameChange(record, this.clock.now());
      const result = decide(change);
      if (change.dirty) this.commit(key, existed, change);
      return { result, record: change.record };
    });
    await this.history.maintain();
    return out;
  }

  /** A step by stored name. */
  byName<T>(name: string, decide: (change: NameChange) => T): Promise<{ result: T; record: NameRecord }> {
    return this.run(encodeName(name), name, decide) as Promise<{ result: T; record: NameRecord }>;
  }

  private settle(key: string, record: NameRecord): void {
    const lines = record.journal?.lines;
    if (!lines || this.settled.get(key) === lines) return;
    this.history.settle(record.journal);
    this.settled.set(key, lines);
  }

  private commit(key: string, existed: boolean, change: NameChange): void {
    const record = change.record;
    if (change.moved) record.gen += 1;
    const journal = this.history.journal(change.events, change.notify);
    if (journal) record.journal = journal;
    else delete record.journal;
    const session = (file: string, sessionId: string) => ({ sessionId, file });
    const added = [
      ...change.holdsAdded.map((h) =>
        session(HeldIndex.holdFile(key, h.fencing_token, Date.parse(h.expires_at)), h.held_by),
      ),
      ...change.waitsAdded.map((s) => session(HeldIndex.waitFile(key), s)),
    ];
    try {
      for (const entry of added) this.index.add(entry.sessionId, entry.file);
      if (exists(record)) this.files.write(this.recordPath(key), record, false);
      else if (existed) {
        this.files.replace(this.counterPath(key), record, false);
        this.files.remove(this.recordPath(key));
      }
    } catch (error) {
      for (const entry of added) this.index.remove(entry.sessionId, entry.file);
      throw error;
    }
    for (const hold of change.holdsRemoved) {
      this.index.remove(
        hold.held_by,
        HeldIndex.holdFile(key, hold.fencing_token, Date.parse(hold.expires_at)),
      );
    }
    for (const sessionId of change.waitsRemoved) this.index.remove(sessionId, HeldIndex.waitFile(key));
    for (const { before, after } of change.holdsExtended) {
      const token = before.fencing_token;
      this.index.move(
        before.held_by,
        HeldIndex.holdFile(key, token, Date.parse(before.expires_at)),
        HeldIndex.holdFile(key, token, Date.parse(after.expires_at)),
      );
    }
    if (
      journal &&
      this.history.record(change.events, change.notify, journal.lines, journal.log ?? undefined)
    ) {
      this.settled.set(key, journal.lines);
    }
  }
}
