/** One measured figure of one subject (baton or a peer) in one benchmark. */
export interface BenchRow {
  subject: string;
  metric: string;
  value: number;
  unit: string;
}

/** A ratio between two figures of the same run, with the target it is held to, if any. */
export interface BenchRatio {
  label: string;
  value: number;
  /** e.g. "<= 3", ">= 0.9": printed beside the ratio, and judged. */
  target?: string;
}

export interface BenchResult {
  rows: BenchRow[];
  ratios: BenchRatio[];
  notes?: string[];
}

/** A benchmark file in `src/benchmarks/*.bench.ts` default-exports one of these. */
export interface Benchmark {
  name: string;
  /** Runs the benchmark, starting and stopping whatever it needs (temp dirs, redis-server). */
  run(): Promise<BenchResult>;
}
