import { statSync } from "node:fs";
import { resolve } from "node:path";
import { checkInput, PathGlobListSchema, parseTtl, ReservationReasonSchema } from "./bounds.js";
import type { ReservationEvent } from "./driver.js";
import { InvalidInputError } from "./errors.js";
import { formatAge } from "./format-age.js";
import { escapePathGlob, globsOverlap } from "./path-glob.js";
import { findRepository, pathInWorktree, type Repository } from "./repository.js";
import {
  changeRepository,
  holderJudge,
  isExpired,
  removalReason,
  reservationEvent,
} from "./reservation-store.js";
import { checkReservedPaths } from "./reserved-paths.js";
import type { ReservationRecord } from "./schemas/records.js";
import type {
  CheckPathsResult,
  ListReservationsResult,
  ReleasedReservation,
  ReleaseReservationsResult,
  ReservationConflict,
  ReservationInfo,
  ReserveResult,
} from "./schemas/reservation.js";
import type { SessionContext } from "./session-context.js";
import type { SessionsApi } from "./sessions.js";
import { isGone } from "./tiers.js";

/** Seconds a reservation lasts when no TTL is given: about a working session. */
export const DEFAULT_RESERVATION_TTL = 3_600;

export interface ReserveOptions {
  /** Seconds until it expires (1–86 400; default DEFAULT_RESERVATION_TTL). */
  ttl?: number | string;
  /** A read intent: coexists with other shared reservations. */
  shared?: boolean;
  reason?: string;
}

const WILDCARD = /[*?[\\]/;

/**
 * A glob as given (relative to `cwd`, or absolute inside the worktree) as a glob relative to the
 * repository root. A folder (written with a trailing `/`, or one that exists) means all under it.
 */
export function rootGlob(glob: string, root: string, cwd: string): string {
  const segments = glob.split("/");
  const wild = segments.findIndex((s) => WILDCARD.test(s));
  const literal = wild === -1 ? segments : segments.slice(0, wild);
  const rest = (wild === -1 ? [] : segments.slice(wild)).filter((s) => s !== "");
  if (rest.some((s) => s === "." || s === "..")) {
    throw new InvalidInputError(`invalid path ${JSON.stringify(glob)}: no . or .. after a wildcard`, {
      field: "paths",
    });
  }
  const head = literal.join("/") || ".";
  const inside = pathInWorktree(root, head, cwd);
  if (inside === null) {
    throw new InvalidInputError(
      `invalid path ${JSON.stringify(glob)}: it lies outside the repository at ${root}; give a path inside it`,
      { field: "paths" },
    );
  }
  const folder =
    glob.endsWith("/") ||
    (wild === -1 && statSync(resolve(cwd, head), { throwIfNoEntry: false })?.isDirectory());
  const parts = [...(inside === "" ? [] : [escapePathGlob(inside)]), ...rest, ...(folder ? ["**"] : [])];
  return parts.filter((p, i) => !(p === "**" && parts[i - 1] === "**")).join("/") || "**";
}

/** Path reservations: globs relative to a repository root, shared by its worktrees and clones. */
export class ReservationsApi {
  private repositoryPromise: Promise<Repository | null> | undefined;

  constructor(
    private readonly c: SessionContext,
    private readonly sessions: SessionsApi,
  ) {}

  /** The repository this caller works in; InvalidInputError outside git. */
  async repository(): Promise<Repository> {
    this.repositoryPromise ??= findRepository(this.c.cwd);
    const repo = await this.repositoryPromise;
    if (!repo) {
      throw new InvalidInputError(
        `${this.c.cwd} is not inside a git repository; reservations are paths of a repository, so run inside one`,
        { field: "cwd" },
      );
    }
    return repo;
  }

  private async globs(patterns: unknown, repo: Repository): Promise<string[]> {
    const given = checkInput(PathGlobListSchema, patterns, "paths");
    return [...new Set(given.map((g) => rootGlob(g, repo.root, this.c.cwd)))];
  }

  /**
   * Reserves the globs for this session, all or none: refused, naming the holder, when another
   * live session's reservation overlaps (unless both are shared). Reserving a glob again renews it.
   */
  async reserve(patterns: string[], options: ReserveOptions = {}): Promise<ReserveResult> {
    const ttl = parseTtl(options.ttl ?? DEFAULT_RESERVATION_TTL);
    const reason =
      options.reason === undefined ? null : checkInput(ReservationReasonSchema, options.reason, "reason");
    const repo = await this.repository();
    const globs = await this.globs(patterns, repo);
    const shared = options.shared === true;
    await this.sessions.heartbeat();
    const judge = holderJudge(this.c);
    return changeRepository<ReserveResult>(this.c, repo.key, async ({ reservations }) => {
      const now = this.c.clock.now();
      const conflicts: ReservationConflict[] = [];
      const tookOver: ReleasedReservation[] = [];
      const remove: ReservationRecord[] = [];
      const events: ReservationEvent[] = [];
      const me = this.c.sessionId;
      for (const r of reservations) {
        if (r.session_id === me) {
          if (!isExpired(r, now)) continue;
          // one reserved again is replaced by the put; either way, history says this one ran out
          if (!globs.includes(r.pattern)) remove.push(r);
          events.push(reservationEvent("reservation.released", r, { reason: "expired" }));
          continue;
        }
        const judged = await judge(r.session_id);
        const clash = globs.filter((g) => !(shared && r.shared) && globsOverlap(g, r.pattern));
        const expired = isExpired(r, now);
        if (expired || (judged.takeable && !judged.warn)) {
          remove.push(r);
          const reason = removalReason(expired, judged.tier);
          const type = clash.length > 0 && !expired ? "reservation.overridden" : "reservation.released";
          events.push(reservationEvent(type, r, { by: me, reason }));
          continue;
        }
        if (clash.length === 0) continue;
        if (judged.takeable) {
          remove.push(r);
          events.push(
            reservationEvent("reservation.overridden", r, {
              by: me,
              reason: removalReason(false, judged.tier),
            }),
          );
          tookOver.push({
            repo: r.repo,
            pattern: r.pattern,
            session_id: r.session_id,
            tier: judged.tier ?? "dead",
          });
          continue;
        }
        for (const pattern of clash) {
          conflicts.push({
            pattern,
            held_by: r.session_id,
            holder_pattern: r.pattern,
            holder_tier: judged.tier ?? "dead",
            shared: r.shared,
            worktree: r.worktree,
            reason: r.reason,
            expires_at: r.expires_at,
          });
        }
      }
      const base = { repo: repo.key, patterns: globs, shared };
      if (conflicts.length > 0) {
        return {
          change: null,
          result: { ...base, success: false, reserved: false, reason: "conflict", conflicts },
        };
      }
      const expiresAt = new Date(now + ttl * 1000).toISOString();
      const put = globs.map((pattern) => {
        const renewed = reservations.find(
          (r) => r.session_id === me && r.pattern === pattern && !isExpired(r, now),
        );
        const record: ReservationRecord = {
          repo: repo.key,
          pattern,
          session_id: me,
          host: this.c.owner.host,
          worktree: repo.root,
          shared,
          reason,
          reserved_at: renewed?.reserved_at ?? new Date(now).toISOString(),
          expires_at: expiresAt,
        };
        // a renewal is no new reservation: history records when it was taken and when it ends
        if (!renewed) events.push(reservationEvent("reservation.taken", record, { reason }));
        return record;
      });
      const result: ReserveResult = {
        ...base,
        success: true,
        reserved: true,
        expires_at: expiresAt,
        ...(tookOver.length ? { took_over: tookOver, warning: await this.warning(tookOver) } : {}),
      };
      return { change: { put, remove, events }, result };
    });
  }

  private async warning(tookOver: ReleasedReservation[]): Promise<string> {
    const first = tookOver[0]!;
    const session = await this.c.driver.getSession(first.session_id);
    const age = session ? formatAge(this.c.clock.now() - Date.parse(session.last_heartbeat)) : "long";
    return `took over ${tookOver.map((t) => t.pattern).join(", ")} from ${first.tier} session ${first.session_id} (no heartbeat for ${age})`;
  }

  /** Releases this session's reservations of these globs (as reserved), or all of them in this repository. */
  async release(patterns: string[] | "all"): Promise<ReleaseReservationsResult> {
    const repo = await this.repository();
    const wanted = patterns === "all" ? null : await this.globs(patterns, repo);
    return changeRepository(this.c, repo.key, async ({ reservations }) => {
      const mine = reservations.filter(
        (r) => r.session_id === this.c.sessionId && (wanted === null || wanted.includes(r.pattern)),
      );
      const released = mine.map((r) => r.pattern).sort();
      const notHeld = (wanted ?? []).filter((g) => !released.includes(g));
      const events = mine.map((r) => reservationEvent("reservation.released", r));
      return {
        change: { put: [], remove: mine, events },
        result: { success: notHeld.length === 0, repo: repo.key, released, not_held: notHeld },
      };
    });
  }

  /** Unexpired reservations of live holders (not dead or abandoned), of this repository or of all. */
  async list(options: { all?: boolean } = {}): Promise<ListReservationsResult> {
    const repos = options.all
      ? await this.c.driver.listReservationRepositories()
      : [(await this.repository()).key];
    const judge = holderJudge(this.c);
    const now = this.c.clock.now();
    const out: ReservationInfo[] = [];
    for (const repo of repos.sort()) {
      for (const r of (await this.c.driver.getReservations(repo)).reservations) {
        const judged = await judge(r.session_id);
        const tier = judged.tier ?? "dead";
        if (isExpired(r, now) || isGone(tier)) continue;
        out.push({
          ...r,
          holder_tier: tier,
          mine: r.session_id === this.c.sessionId,
          expires_in_seconds: Math.round((Date.parse(r.expires_at) - now) / 1000),
        });
      }
    }
    out.sort(
      (a, b) =>
        a.repo.localeCompare(b.repo) ||
        a.pattern.localeCompare(b.pattern) ||
        a.session_id.localeCompare(b.session_id),
    );
    return { repo: options.all ? null : (repos[0] ?? null), reservations: out };
  }

  /**
   * Whether another live session reserved any of these paths (absolute, or relative to the
   * caller's directory). Reads no git when no repository has reservations.
   */
  check(paths: string[]): Promise<CheckPathsResult> {
    return checkReservedPaths(this.c, paths);
  }
}
