// Prints vitest's JSON reports as closing lines. One report: "Tests: N passed, N failed, N skipped".
// Several passes, each given as LABEL=FILE: one line per pass, then that line for all of them.
// Each failed test is named first (file, title, the first line of its failure), so that the last
// lines of a long run say what failed. Fails when any pass has a failure or ran no test at all.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { stripVTControlCharacters } from "node:util";

const line = (t) => `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`;
const firstLine = (messages) =>
  stripVTControlCharacters((messages ?? []).join("\n"))
    .split("\n")
    .find((l) => l.trim() !== "") ?? "";

const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let ok = true;
for (const arg of process.argv.slice(2)) {
  const [, label = null, file] = /^(?:([^=]+)=)?(.+)$/.exec(arg);
  const report = JSON.parse(readFileSync(file, "utf8"));
  const t = {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const where = `${relative(process.cwd(), suite.name)} > ${test.fullName}`;
      console.log(
        `FAILED${label === null ? "" : ` (${label})`}: ${where}: ${firstLine(test.failureMessages)}`,
      );
    }
  }
  if (label !== null) lines.push(`Tests (${label}): ${line(t)}`);
  if (t.failed > 0 || t.passed === 0) ok = false;
  for (const key of Object.keys(total)) total[key] += t[key];
}
for (const l of lines) console.log(l);
console.log(`Tests: ${line(total)}`);
process.exit(ok ? 0 : 1);
