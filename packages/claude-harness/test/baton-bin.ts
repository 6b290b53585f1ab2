import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The built `baton` bin of the workspace's cli package, found as an installed user would have it. */
export const BATON = join(
  dirname(createRequire(import.meta.url).resolve("@agent-baton/cli/package.json")),
  "dist",
  "bin",
  "baton.js",
);

/** baton as a session's Bash tool runs it: by absolute path, since nothing puts it on PATH here. */
export const baton = `"${process.execPath}" "${BATON}"`;
