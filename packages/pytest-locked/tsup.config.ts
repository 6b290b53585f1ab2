import { packageConfig } from "../../tsup.base.js";

// wait-notice is an entry of its own: the CLI bundles it without the rest of pytest-locked.
export default packageConfig({ entry: ["src/index.ts", "src/wait-notice.ts", "src/bin/pytest-locked.ts"] });
