import { readFileSync, writeFileSync } from "node:fs";
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

/**
 * Builtins the hot path links but seldom calls, loaded on first call instead of at every start:
 * child_process (core's git and ps helpers, `baton run`, the daemon) and assert (signal-exit only
 * checks that a callback is a function). Calls go straight through to the real module.
 */
const lazyBuiltins: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "lazy-builtins",
  setup(build) {
    const lazy = { path: "lazy", namespace: "lazy-builtins" };
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.kind === "import-statement" ? { ...lazy, path: "child_process" } : undefined,
    );
    build.onResolve({ filter: /^assert$/ }, (args) =>
      /signal-exit/.test(args.importer) ? { ...lazy, path: "assert" } : undefined,
    );
    build.onLoad({ filter: /^child_process$/, namespace: lazy.namespace }, () => ({
      contents: [
        'import { createRequire } from "node:module";',
        'const real = () => createRequire(import.meta.url)("node:child_process");',
        ...["execFile", "execFileSync", "spawn"].map(
          (n) => `export const ${n} = (...a) => real().${n}(...a);`,
        ),
      ].join("\n"),
      loader: "js",
    }));
    build.onLoad({ filter: /^assert$/, namespace: lazy.namespace }, () => ({
      // The real assert (and its AssertionError) only when the check fails.
      contents: 'module.exports = { equal(a, b, m) { if (a != b) require("node:assert").equal(a, b, m); } };',
      loader: "js",
    }));
  },
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
  esbuildPlugins: [zodEnglishOnly, lazyBuiltins],
  // Keep `node:` imports as written, so lazyBuiltins sees child_process before tsup marks it external.
  removeNodeProtocol: false,
  // Minified code parses faster; every prompt pays for the parse (source maps keep stack traces readable).
  minify: true,
  define: { __BATON_VERSION__: JSON.stringify(version) },
};

export default [
  packageConfig({
    ...shared,
    entry: ["src/index.ts"],
    clean: ["!bin/**"],
    banner: {
      js: 'import { createRequire as __batonCreateRequire } from "node:module";\nconst require = __batonCreateRequire(import.meta.url);',
    },
  }),
  // The bins are CommonJS (dist/bin/package.json says so): node starts a CommonJS script a few
  // milliseconds sooner than an ES module, and a hook pays that on every prompt.
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
    format: ["cjs"],
    outExtension: () => ({ js: ".js" }),
    dts: false,
    shims: true,
    onSuccess: async () => writeFileSync("dist/bin/package.json", '{ "type": "commonjs" }\n'),
  }),
];
