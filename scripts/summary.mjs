// Prints vitest's JSON reports as closing lines. One report: "Tests: N passed, N failed, N skipped".
// Several passes, each given as LABEL=FILE: one line per pass, then that line for all of them.
// Fails when any pass has a failure or ran no test at all.
import { readFileSync } from "node:fs";

const line = (t) => `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`;
const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const arg of process.argv.slice(2)) {
  const [, label = null, file] = /^(?:([^=]+)=)?(.+)$/.exec(arg);
  const report = JSON.parse(readFileSync(file, "utf8"));
  const t = {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  if (label !== null) console.log(`Tests (${label}): ${line(t)}`);
  if (t.failed > 0 || t.passed === 0) ok = false;
  for (const key of Object.keys(total)) total[key] += t[key];
}
console.log(`Tests: ${line(total)}`);
process.exit(ok ? 0 : 1);
