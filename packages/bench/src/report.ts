import type { BenchRatio, BenchResult } from "./types.js";

function format(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** Whether a ratio meets its target ("<= 3", ">= 0.9", "< 5"); null when it has none. */
export function meetsTarget(ratio: BenchRatio): boolean | null {
  const m = ratio.target ? /^(<=|>=|<|>)\s*([\d.]+)$/.exec(ratio.target.trim()) : null;
  if (!m) return null;
  const limit = Number(m[2]);
  switch (m[1]) {
    case "<=":
      return ratio.value <= limit;
    case ">=":
      return ratio.value >= limit;
    case "<":
      return ratio.value < limit;
    default:
      return ratio.value > limit;
  }
}

/** Renders one benchmark's figures and ratios as aligned text tables. */
export function renderResult(name: string, result: BenchResult): string {
  const lines = [`## ${name}`, ""];
  const rows = [
    ["subject", "metric", "value", "unit"],
    ...result.rows.map((r) => [r.subject, r.metric, format(r.value), r.unit]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [i, row] of rows.entries()) {
    lines.push(
      row.map((cell, j) => (j === 2 ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!))).join("  "),
    );
    if (i === 0) lines.push(widths.map((w) => "-".repeat(w)).join("  "));
  }
  if (result.ratios.length > 0) {
    lines.push("", `${"ratio".padEnd(48)}  value   target   verdict`);
    for (const r of result.ratios) {
      const ok = meetsTarget(r);
      const verdict = ok === null ? "" : ok ? "met" : "MISSED";
      lines.push(
        `${r.label.padEnd(48)}  ${format(r.value).padStart(6)}  ${(r.target ?? "").padEnd(7)}  ${verdict}`,
      );
    }
  }
  for (const note of result.notes ?? []) lines.push(`note: ${note}`);
  return lines.join("\n");
}
