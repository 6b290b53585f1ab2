import { defineConfig, type Options } from "tsup";

/** The one build config every package extends: ESM for Node 20, types, no minification. */
export function packageConfig(options: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    ...options,
  });
}
