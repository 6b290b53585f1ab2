import { packageConfig } from "../../tsup.base.js";

export default [
  packageConfig({ entry: ["src/index.ts"], clean: ["!bin/**"] }),
  // Each bin is one import of the package bin it stands for: nothing to bundle, map or type.
  packageConfig({
    entry: [
      "src/bin/baton.ts",
      "src/bin/session-lock.ts",
      "src/bin/session-register.ts",
      "src/bin/session-heartbeat.ts",
      "src/bin/claim-issue.ts",
      "src/bin/baton-mcp.ts",
      "src/bin/pytest-locked.ts",
    ],
    outDir: "dist/bin",
    dts: false,
    sourcemap: false,
  }),
];
