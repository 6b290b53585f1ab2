const p = (n: number) => String(n).padStart(2, "0");

/** `14:02:05`: the local time of day, to the second. */
export function localClock(iso: string): string {
  const d = new Date(iso);
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `2026-01-02 14:02:05`: local date and time, as a person asks "who had it at 14:02?". */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${localClock(iso)}`;
}
