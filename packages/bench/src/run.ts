import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderResult } from "./report.js";
import type { Benchmark } from "./types.js";

/** Runs every benchmark in src/benchmarks (or those whose file name contains an argument) and prints their tables. */
async function main(filters: string[]): Promise<void> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "benchmarks");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) {
    console.log(filters.length ? `no benchmark matches ${filters.join(", ")}` : "no benchmarks yet");
    return;
  }
  console.log(`baton benchmarks — node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const file of files) {
    const bench = (await import(join(dir, file))).default as Benchmark;
    const started = performance.now();
    const result = await bench.run();
    console.log(renderResult(bench.name, result));
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

await main(process.argv.slice(2));
