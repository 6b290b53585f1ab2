import { packageProject } from "../../vitest.base.js";

// each file starts its own redis-server (a 3-master Cluster for one), which takes seconds on a busy machine
export default packageProject({ testTimeout: 30_000, hookTimeout: 60_000 }, { suiteFromSource: true });
