import { readFileSync } from "node:fs";
import type { Options } from "tsup";
import { packageConfig } from "../../tsup.base.js";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** What every build of this package shares. */
const shared: Options = {
  // One bundle loads faster than hundreds of files at every hook; yaml (read only when a config
  // file exists) and the redis driver (only for that backend) stay outside and load on demand.
  // No splitting: each output is one self-contained file (dynamic imports become lazy in-file
  // inits), so a hook resolves and compiles one module instead of a dozen chunks.
  splitting: false,
  noExternal: [/^(?!yaml$|@agent-baton\/redis-driver$)/],
  external: ["yaml", "@agent-baton/redis-driver"],
  // Minified code parses faster; every prompt pays for the parse (source maps keep stack traces readable).
  minify: true,
  define: { __BATON_VERSION__: JSON.stringify(version) },
  // commander is CommonJS: its bundled `require("node:events")` calls need a require in an ES module.
  banner: {
    js: 'import { createRequire as __batonCreateRequire } from "node:module";\nconst require = __batonCreateRequire(import.meta.url);',
  },
};

export default [
  packageConfig({ ...shared, entry: ["src/index.ts"], clean: ["!bin/**"] }),
  packageConfig({
    ...shared,
    entry: {
      baton: "src/bin/baton.ts",
      "session-lock": "src/bin/session-lock.ts",
      "session-register": "src/bin/session-register.ts",
      "session-heartbeat": "src/bin/session-heartbeat.ts",
      "claim-issue": "src/bin/claim-issue.ts",
    },
    outDir: "dist/bin",
    dts: false,
  }),
];
