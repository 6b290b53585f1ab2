import { packageProject } from "../../vitest.base.js";

// servers, clients and real redis-servers under a parallel run; vitest's 5 s default is no bound for that
export default packageProject({ testTimeout: 30_000, hookTimeout: 30_000 }, { suiteFromSource: true });
