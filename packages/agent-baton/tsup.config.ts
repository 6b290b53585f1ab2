import { packageConfig } from "../../tsup.base.js";

export default packageConfig({
  entry: [
    "src/index.ts",
    "src/bin/baton.ts",
    "src/bin/session-lock.ts",
    "src/bin/session-register.ts",
    "src/bin/session-heartbeat.ts",
    "src/bin/claim-issue.ts",
    "src/bin/baton-mcp.ts",
    "src/bin/pytest-locked.ts",
  ],
});
