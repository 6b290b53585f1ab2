import { formatAge, type LiveLock, type LiveSnapshot, type Tier } from "@agent-baton/core";
import { cell, type Line, paint, type Style } from "./screen-text.js";

export interface ViewSize {
  /** Characters per line; Infinity: never cut. */
  width: number;
  /** Lines on the screen; Infinity: show everything. */
  height: number;
}

const TIER_STYLE: Record<Tier, Style> = {
  active: "green",
  idle: "cyan",
  stale: "yellow",
  abandoned: "red",
  dead: "red",
};
const NAME_WIDTH_MAX = 36;
const EVENT_TYPE_WIDTH = 22;

/** A titled block of lines; `more(n)` says that n lines did not fit. */
interface Section {
  title: Line;
  rows: Line[];
}

const age = (ms: number) => formatAge(ms);
const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

/**
 * `baton status --watch` as lines of text: a header, then sessions, locks, claims and the newest
 * events, each cut to the screen (a section that does not fit says how many lines it left out).
 */
export function statusView(snapshot: LiveSnapshot, size: ViewSize, color: boolean): string[] {
  const short = (id: string) => snapshot.short_ids[id] ?? id;
  const idWidth = Math.max(6, ...Object.values(snapshot.short_ids).map((s) => s.length));
  const header: Line[] = [
    [
      ["baton", "bold"],
      [` ${clock(snapshot.at)}`, "dim"],
      [size.height === Number.POSITIVE_INFINITY ? "" : " (q quits)", "dim"],
      [snapshot.me ? ` · me ${short(snapshot.me)}` : ""],
      [` · ${snapshot.backend} ${snapshot.location}`],
    ],
  ];
  if (snapshot.error) header.push([[`backend: ${snapshot.error}`, "red"]]);

  const sections = [
    locksSection(snapshot, short, idWidth),
    sessionsSection(snapshot, short, idWidth),
    claimsSection(snapshot, short, idWidth),
    eventsSection(snapshot, short, idWidth),
  ];
  const shown = fit(
    sections.map((s) => s.rows.length),
    size.height - header.length - sections.length,
  );
  const lines: Line[] = [...header];
  sections.forEach((section, i) => {
    const take = shown[i]!;
    const hidden = section.rows.length - take;
    lines.push(
      hidden > 0 && take === 0 ? [...section.title, [`  (${hidden} not shown)`, "dim"]] : section.title,
    );
    const rows = section.rows.slice(0, take);
    if (hidden > 0 && take > 0) rows[take - 1] = [[`  … ${hidden + 1} more`, "dim"]];
    lines.push(...rows);
  });
  return lines.map((line) => paint(line, size.width, color));
}

/**
 * Lines for each section (locks, sessions, claims, events) within `room`: every section gets up to
 * three first, then locks, sessions and claims share what is left a line at a time, and events
 * take the rest.
 */
function fit(wanted: number[], room: number): number[] {
  if (room === Number.POSITIVE_INFINITY) return wanted;
  const given = wanted.map(() => 0);
  let left = Math.max(0, room);
  const give = (i: number, upTo: number) => {
    const n = Math.min(upTo - given[i]!, wanted[i]! - given[i]!, left);
    if (n <= 0) return false;
    given[i]! += n;
    left -= n;
    return true;
  };
  for (const i of [0, 1, 3, 2]) give(i, 3);
  for (let round = true; round && left > 0; ) {
    round = false;
    for (const i of [0, 1, 2]) round = give(i, given[i]! + 1) || round;
  }
  give(3, wanted[3]!);
  return given;
}

function locksSection(snap: LiveSnapshot, short: (id: string) => string, idWidth: number): Section {
  const waiting = snap.locks.reduce((n, l) => n + l.waiters.length, 0);
  const nameWidth = Math.min(NAME_WIDTH_MAX, Math.max(12, ...snap.locks.map((l) => l.lock_name.length)));
  const rows = snap.locks.flatMap((lock) => lockLines(lock, snap.me, short, idWidth, nameWidth));
  return {
    title: [
      ["LOCKS", "bold"],
      [` ${snap.locks.length}${waiting ? ` · ${waiting} waiting` : ""}`, "dim"],
    ],
    rows: rows.length ? rows : [[["  none", "dim"]]],
  };
}

function lockLines(
  lock: LiveLock,
  me: string | null,
  short: (id: string) => string,
  idWidth: number,
  nameWidth: number,
): Line[] {
  const tags = [lock.slots > 1 ? `${lock.slots} slots` : "", ...new Set(lock.holders.map((h) => h.mode))]
    .filter((t) => t && t !== "exclusive")
    .join(", ");
  const line: Line[] = lock.holders.map((h, i) => [
    ["  "],
    [cell(i === 0 ? lock.lock_name : "", nameWidth), h.held_by === me ? "green" : "bold"],
    ["  "],
    [cell(short(h.held_by), idWidth), h.held_by === me ? "green" : null],
    [`  held ${cell(age(h.held_ms), 7)}`],
    [`  ttl ${cell(age(h.ttl_left_ms), 7)}`, h.ttl_left_ms < 30_000 ? "yellow" : "dim"],
    [i === 0 && tags ? `  [${tags}]` : "", "dim"],
  ]);
  if (line.length === 0) {
    line.push([["  "], [cell(lock.lock_name, nameWidth), "bold"], ["  "], [cell("free", idWidth), "dim"]]);
  }
  if (lock.waiters.length > 0) {
    const queue = lock.waiters
      .map((w) => `${w.position}. ${short(w.session_id)} ${age(w.waited_ms)}`)
      .join(", ");
    line[0]!.push(["  line: ", "dim"], [queue, "magenta"]);
  }
  for (const r of lock.requests) {
    line.push([
      ["  "],
      [cell("", nameWidth)],
      [`  release asked by ${short(r.by)}${r.reason ? `: ${r.reason}` : ""}`, "yellow"],
    ]);
  }
  return line;
}

function sessionsSection(snap: LiveSnapshot, short: (id: string) => string, idWidth: number): Section {
  const counts = new Map<Tier, number>();
  for (const s of snap.sessions) counts.set(s.tier, (counts.get(s.tier) ?? 0) + 1);
  const rows: Line[] = snap.sessions.map((s) => [
    ["  "],
    [cell(short(s.session_id), idWidth), s.me ? "green" : "bold"],
    [s.me ? " me " : "    ", "green"],
    [cell(s.tier + (s.paused ? "·p" : ""), 11), TIER_STYLE[s.tier]],
    [`beat ${cell(age(s.heartbeat_age_ms), 8)}`, "dim"],
    [cell(`holds ${s.holds}${s.waits ? ` waits ${s.waits}` : ""}`, 17), s.holds || s.waits ? null : "dim"],
    [cell(`${s.host} ${s.branch ?? s.worktree ?? s.cwd}`, 34)],
    [s.claim ? `  ${s.claim}` : ""],
  ]);
  return {
    title: [
      ["SESSIONS", "bold"],
      [` ${snap.sessions.length}${[...counts].map(([t, n]) => ` · ${n} ${t}`).join("")}`, "dim"],
    ],
    rows: rows.length ? rows : [[["  none registered", "dim"]]],
  };
}

function claimsSection(snap: LiveSnapshot, short: (id: string) => string, idWidth: number): Section {
  const rows: Line[] = snap.claims.map((c) => [
    ["  "],
    [cell(short(c.session_id), idWidth)],
    ["  "],
    [cell(c.holder_tier ?? "no session", 11), c.holder_tier ? TIER_STYLE[c.holder_tier] : "red"],
    [`${c.label}`],
    [`  since ${clock(c.claimed_at)}`, "dim"],
  ]);
  return {
    title: [
      ["CLAIMS", "bold"],
      [` ${snap.claims.length}`, "dim"],
    ],
    rows: rows.length ? rows : [[["  none", "dim"]]],
  };
}

function eventsSection(snap: LiveSnapshot, short: (id: string) => string, idWidth: number): Section {
  const rows: Line[] = snap.events.map((e) => [
    [`  ${clock(e.time)}  `, "dim"],
    [cell(e.type, EVENT_TYPE_WIDTH), eventStyle(e.type)],
    [cell(e.session === null ? "" : short(e.session), idWidth)],
    [`  ${e.name}`],
    [e.token === null ? "" : ` #${e.token}`, "dim"],
    [e.position === null ? "" : ` place ${e.position}`, "dim"],
    [e.waited_ms === null ? "" : ` waited ${age(e.waited_ms)}`, "dim"],
    [e.by === null ? "" : ` by ${short(e.by)}`, "yellow"],
    [e.reason === null ? "" : ` (${e.reason})`, "dim"],
  ]);
  return {
    title: [
      ["EVENTS", "bold"],
      [snap.events.length ? "" : " none yet", "dim"],
    ],
    rows,
  };
}

function eventStyle(type: string): Style | null {
  if (/^(lock\.acquired|claim\.taken|reservation\.taken|session\.started)$/.test(type)) return "green";
  if (/expired|taken_over|force_released|overridden|found_dead/.test(type)) return "red";
  if (type === "lock.queued" || type === "lock.release_requested") return "magenta";
  return null;
}
