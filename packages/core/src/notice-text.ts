import type { HistoryEvent } from "./schemas/history.js";
import type { Notice } from "./schemas/notice.js";

/** `14:02`: the local time of day, as a person reads a notice. */
function clockTime(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

const because = (reason: string | null) => (reason ? ` (${reason})` : "");

/** One line for the session a notice is for: what happened to it, and what to do now. */
export function noticeText(e: HistoryEvent): string {
  const at = clockTime(e.time);
  const by = e.by ?? "another session";
  switch (e.type) {
    case "lock.expired":
      return `your lock ${e.name} expired at ${at} (its TTL ran out) — it is no longer yours; stop work that needs it and re-acquire before going on`;
    case "lock.taken_over":
      return `your lock ${e.name} was taken over by ${by} at ${at}${because(e.reason)} — stop work that needs it and re-acquire before going on`;
    case "lock.force_released":
      return `your lock ${e.name} was force-released by ${by} at ${at}${because(e.reason)} — stop work that needs it and re-acquire before going on`;
    case "lock.release_requested":
      return `${by} asks you to release ${e.name} (at ${at})${because(e.reason)} — release it when you can (baton lock release ${e.name}) or tell them why not`;
    case "claim.overridden":
      return `your claim on ${e.name} was taken over by ${by} at ${at}${because(e.reason)} — stop working on that issue or claim another`;
    case "overlap.found":
      return `${e.name} is also changed by session ${by}${because(e.reason)} — coordinate with them before going on (baton overlaps)`;
    case "lock.acquired": {
      const waited = e.waited_ms === null ? "" : ` after waiting ${Math.round(e.waited_ms / 1000)}s`;
      return `you now hold ${e.name} (granted at ${at}${waited}) — go ahead, and release it when done`;
    }
    default:
      return `${e.type} on ${e.name} at ${at}${because(e.reason)}`;
  }
}

/** The notice a session is shown for one of its events. */
export function noticeOf(e: HistoryEvent): Notice {
  return { id: e.id, time: e.time, type: e.type, name: e.name, text: noticeText(e), event_id: e.id };
}
