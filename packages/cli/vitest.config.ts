import { packageProject } from "../../vitest.base.js";

// a test spawns its bins one after another, each a second or more on a busy machine
export default packageProject({ testTimeout: 60_000, hookTimeout: 30_000 }, { suiteFromSource: true });
