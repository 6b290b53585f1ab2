import { createRequire } from "node:module";

type ChildProcess = typeof import("node:child_process");

/** Loaded on first use: child_process costs every short CLI run a few ms, and Linux never needs it. */
export function childProcess(): ChildProcess {
  return createRequire(import.meta.url)("node:child_process") as ChildProcess;
}

/**
 * `ps`'s output in the C locale with times in UTC (so `lstart` parses the same for every caller), or
 * null when it fails (no such process, no ps). Each column is its own `-o NAME=`: BSD ps (macOS)
 * reads everything after the first `=` of an argument as that column's header.
 */
export function ps(columns: string[], select: string[]): string | null {
  try {
    const out = childProcess().execFileSync("ps", [...columns.flatMap((c) => ["-o", `${c}=`]), ...select], {
      encoding: "utf8",
      env: { ...process.env, LC_ALL: "C", TZ: "UTC" },
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return out.trim() === "" ? null : out;
  } catch {
    return null;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `lstart` as ps prints it in the C locale (`Mon Nov 30 09:39:30 2026`, UTC here), at its start. */
export const LSTART = /^\s*[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})/;

/** Epoch seconds of an `lstart` match. */
export function lstartSeconds(m: RegExpExecArray): number | null {
  const month = MONTHS.indexOf(m[1]!);
  if (month < 0) return null;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}
