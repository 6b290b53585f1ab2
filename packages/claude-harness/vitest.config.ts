import { packageProject } from "../../vitest.base.js";

// Each real `claude -p` run takes seconds; a file's runs share one stand-in server.
export default packageProject({ testTimeout: 120_000, hookTimeout: 60_000 });
