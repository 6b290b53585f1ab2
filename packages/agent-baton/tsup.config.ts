import { packageConfig } from "../../tsup.base.js";

/** The bins are one import of the package bin they stand for, each in its target's module format. */
const bin = { outDir: "dist/bin", dts: false, sourcemap: false, clean: false } as const;

export default [
  packageConfig({ entry: ["src/index.ts"], clean: ["!bin/**"] }),
  // The CLI's bins are CommonJS: a CommonJS stub loads them with require, without the ES module loader.
  packageConfig({
    ...bin,
    entry: [
      "src/bin/baton.ts",
      "src/bin/session-lock.ts",
      "src/bin/session-register.ts",
      "src/bin/session-heartbeat.ts",
      "src/bin/claim-issue.ts",
    ],
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
  }),
  // baton-mcp and pytest-locked are ES modules (with top-level await), so their stubs are too.
  packageConfig({ ...bin, entry: ["src/bin/baton-mcp.ts", "src/bin/pytest-locked.ts"] }),
];
