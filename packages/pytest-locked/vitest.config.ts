import { packageProject } from "../../vitest.base.js";

// end-to-end tests spawn the bin and real pytest; every wait inside is bounded on its own
export default packageProject({ testTimeout: 60_000, hookTimeout: 60_000 });
