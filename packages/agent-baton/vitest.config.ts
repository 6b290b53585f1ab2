import { packageProject } from "../../vitest.base.js";

// the registry tests install from npm; each step inside has its own bound, these only catch a stall
export default packageProject({ testTimeout: 300_000, hookTimeout: 600_000 });
