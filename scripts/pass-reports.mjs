// A vitest reporter that writes one JSON report per pass into the directory BATON_TEST_REPORTS:
// every.json for the packages' own projects, portable.json for the "portable:" projects
// (vitest.config.ts). Both passes run in one vitest run and share its workers; scripts/summary.mjs
// prints a line for each. vitest's JSON report names files only, not projects, so it cannot tell them apart.
import { join } from "node:path";
import { JsonReporter } from "vitest/node";

const dir = process.env.BATON_TEST_REPORTS;
if (!dir)
  throw new Error("scripts/pass-reports.mjs needs BATON_TEST_REPORTS, the directory to write its reports to");

const isPortable = (testModule) => testModule.project.name.startsWith("portable:");

/**
 * A timed-out test's error keeps the stack of vitest's placeholder ("Error: STACK_TRACE_ERROR"), which
 * the JSON report prefers to the message: the stack is given the message, so the summary names the timeout.
 */
function nameTimeouts(testModules) {
  for (const testModule of testModules) {
    for (const test of testModule.children.allTests()) {
      for (const error of test.task.result?.errors ?? []) {
        if (error.stack?.startsWith("Error: STACK_TRACE_ERROR")) {
          error.stack = error.stack.replace("STACK_TRACE_ERROR", error.message);
        }
      }
    }
  }
}

export default class PassReports {
  every = new JsonReporter({ outputFile: join(dir, "every.json") });
  portable = new JsonReporter({ outputFile: join(dir, "portable.json") });

  onInit(ctx) {
    this.every.onInit(ctx);
    this.portable.onInit(ctx);
  }

  async onTestRunEnd(testModules) {
    nameTimeouts(testModules);
    await this.every.onTestRunEnd(testModules.filter((m) => !isPortable(m)));
    await this.portable.onTestRunEnd(testModules.filter(isPortable));
  }
}
