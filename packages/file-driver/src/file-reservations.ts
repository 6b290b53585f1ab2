import { join } from "node:path";
import {
  type Clock,
  type DriverReservationChange,
  type DriverReservations,
  type ReservationRecord,
  ReservationRecordSchema,
} from "@agent-baton/core";
import { tokenAfter } from "./fencing-tokens.js";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import type { History } from "./history.js";
import { historyEvent } from "./history-events.js";
import type { Layout } from "./layout.js";
import type { ReadOutcome, RecordFiles, RecordSchema } from "./record-files.js";

/** What one repository's file holds. */
interface RepositoryFile {
  repo: string;
  version: number;
  reservations: ReservationRecord[];
}

/** The file's shape, each reservation checked by core's record schema. */
const RepositoryFileSchema: RecordSchema<RepositoryFile> = {
  safeParse(value) {
    const v = value as Partial<RepositoryFile> | null;
    if (typeof v?.repo !== "string" || !Number.isSafeInteger(v.version) || !Array.isArray(v.reservations)) {
      return { success: false };
    }
    const reservations: ReservationRecord[] = [];
    for (const r of v.reservations) {
      const parsed = ReservationRecordSchema.safeParse(r);
      if (!parsed.success) return { success: false };
      reservations.push(parsed.data);
    }
    return { success: true, data: { repo: v.repo, version: v.version!, reservations } };
  },
};

const identity = (r: Pick<ReservationRecord, "session_id" | "pattern">) =>
  JSON.stringify([r.session_id, r.pattern]);

/**
 * Path reservations, one file per repository (`reservations/<encoded key>.json`) holding its
 * reservations and their version; a repository without any has no file. Readers read the file as
 * it is (writes are atomic renames); changes happen under the repository's guard. A new version is
 * above the last and never below the clock in µs (as fencing tokens are), so a file deleted and
 * made again never repeats a version a compare-and-set may still hold. A change's events are
 * appended under the same guard, right after its file is written.
 */
export class FileReservations {
  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
    private readonly history: History,
    private readonly clock: Clock,
  ) {}

  private path(repo: string): string {
    return join(this.layout.reservations, `${encodeName(repo)}.json`);
  }

  private peek(path: string): ReadOutcome<RepositoryFile> {
    return this.files.peek(path, RepositoryFileSchema);
  }

  /** Reads under the guard: a corrupt file is moved aside and counts as none. */
  private readGuarded(path: string): RepositoryFile | null {
    const seen = this.peek(path);
    if (seen.state === "corrupt") this.files.quarantine(path);
    return seen.state === "ok" ? seen.value : null;
  }

  async repositories(): Promise<string[]> {
    const repos: string[] = [];
    for (const file of this.files.list(this.layout.reservations)) {
      const seen = this.peek(join(this.layout.reservations, file));
      if (seen.state === "ok" && seen.value.reservations.length > 0) repos.push(seen.value.repo);
    }
    return repos.sort();
  }

  async get(repo: string): Promise<DriverReservations> {
    const path = this.path(repo);
    const seen = this.peek(path);
    const file =
      seen.state === "corrupt"
        ? await this.guards.with(this.guardKey(repo), () => this.readGuarded(path))
        : seen.state === "ok"
          ? seen.value
          : null;
    return file
      ? { version: file.version, reservations: file.reservations }
      : { version: 0, reservations: [] };
  }

  change(repo: string, expectedVersion: number, change: DriverReservationChange): Promise<number | null> {
    const path = this.path(repo);
    return this.guards.with(this.guardKey(repo), () => {
      const current = this.readGuarded(path);
      const version = current?.version ?? 0;
      if (version !== expectedVersion) return null;
      const kept = new Map((current?.reservations ?? []).map((r) => [identity(r), r]));
      for (const r of change.remove) kept.delete(identity(r));
      for (const r of change.put) kept.set(identity(r), r);
      const next = tokenAfter(version);
      if (kept.size === 0) this.files.remove(path);
      else this.files.write(path, { repo, version: next, reservations: [...kept.values()] });
      const now = this.clock.now();
      const events = (change.events ?? []).map(({ type, name, ...fields }) =>
        historyEvent(type, name, now, fields),
      );
      this.history.record(events, []);
      return kept.size === 0 ? 0 : next;
    });
  }

  private guardKey(repo: string): string {
    return `reservations-${encodeName(repo)}`;
  }
}
