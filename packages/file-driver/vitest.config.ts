import { packageProject } from "../../vitest.base.js";

// real processes, git and disk under a parallel run; vitest's 5 s default is no bound for that
export default packageProject({ testTimeout: 30_000, hookTimeout: 30_000 });
