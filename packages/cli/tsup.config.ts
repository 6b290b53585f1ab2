import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Options } from "tsup";
import { packageConfig } from "../../tsup.base.js";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** zod's `locales` namespace pulls ~60 translations into the bundle; baton's messages are English only. */
const zodEnglishOnly: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "zod-english-only",
  setup(build) {
    build.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

export default packageConfig({
  entry: [
    "src/index.ts",
    "src/bin/baton.ts",
    "src/bin/session-lock.ts",
    "src/bin/session-register.ts",
    "src/bin/session-heartbeat.ts",
    "src/bin/claim-issue.ts",
  ],
  // One bundle loads faster than hundreds of files at every hook; yaml (read only when a config
  // file exists) and the redis driver (only for that backend) stay outside and load on demand.
  // No splitting: each bin is one self-contained file (dynamic imports become lazy in-file inits),
  // so a hook resolves and compiles one module instead of a dozen chunks.
  splitting: false,
  noExternal: [/^(?!yaml$|@agent-baton\/redis-driver$)/],
  external: ["yaml", "@agent-baton/redis-driver"],
  banner: {
    js: 'import { createRequire as __batonCreateRequire } from "node:module";\nconst require = __batonCreateRequire(import.meta.url);',
  },
  esbuildPlugins: [zodEnglishOnly],
  // Minified code parses faster; every prompt pays for the parse (source maps keep stack traces readable).
  minify: true,
  define: { __BATON_VERSION__: JSON.stringify(version) },
});
