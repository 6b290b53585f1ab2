import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, rmdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileDriver } from "@agent-baton/file-driver";
import lockfile from "proper-lockfile";
import type { Benchmark, BenchRow } from "../types.js";

const SEQUENTIAL_CYCLES = 3_000;
const ROUNDS = 5;
const PROCESSES = 8;
const CONTENDED_CYCLES = 100;
const CONTENDED_ROUNDS = 3;
const OWNER = { host: "bench", pid: null, pid_start: null, pgid: null, worktree: null };

type Subject = "file-driver" | "proper-lockfile" | "mkdir/rmdir" | "file-driver, history off";
const SUBJECTS: Subject[] = ["file-driver", "proper-lockfile", "mkdir/rmdir"];
/** The sequential round also times the file driver with its history off: what recording costs a cycle. */
const SEQUENTIAL: Subject[] = [...SUBJECTS, "file-driver, history off"];

/** One acquire+release cycle of each subject, waiting (as a real caller would) while another holds it. */
function cycleOf(subject: Subject, dir: string, id: string, contended: boolean): () => Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  if (subject === "file-driver" || subject === "file-driver, history off") {
    const driver = createFileDriver({ dir, history: { enabled: subject === "file-driver" } });
    // waits in line as the Coordinator does: an attempt with a lease, then a wait for a change
    const request = {
      owner: { ...OWNER, held_by: id },
      ttlMs: 60_000,
      mode: "exclusive",
      slots: 1,
      leaseMs: 5_000,
    } as const;
    return async () => {
      while (!(await driver.acquireLock("resource:bench", request)).acquired) {
        await driver.waitForChange("resource:bench", 1_000);
      }
      await driver.releaseLock("resource:bench", id);
    };
  }
  if (subject === "proper-lockfile") {
    // Retries only when contended: proper-lockfile's retry policy costs ~9 ms per lock even when free.
    const retries = contended ? { retries: 100_000, factor: 1, minTimeout: 1, maxTimeout: 1 } : 0;
    const options = { realpath: false, retries };
    return async () => {
      const release = await lockfile.lock(join(dir, "plf-target"), options);
      await release();
    };
  }
  return async () => {
    for (;;) {
      try {
        await mkdir(join(dir, "mkdir-lock"));
        break;
      } catch {
        await sleep(1);
      }
    }
    await rmdir(join(dir, "mkdir-lock"));
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Microseconds per cycle of each subject in this process, free every time. Subjects take turns in
 * rounds and each keeps its median, so load from other processes on the machine hits them alike.
 */
async function sequential(): Promise<Record<Subject, number>> {
  const dirs = await Promise.all(SEQUENTIAL.map(() => mkdtemp(join(tmpdir(), "baton-bench-seq-"))));
  const cycles = SEQUENTIAL.map((subject, i) => cycleOf(subject, dirs[i]!, "seq", false));
  const samples = SEQUENTIAL.map(() => [] as number[]);
  for (const cycle of cycles) for (let i = 0; i < 100; i++) await cycle();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, cycle] of cycles.entries()) {
      const started = performance.now();
      for (let n = 0; n < SEQUENTIAL_CYCLES / ROUNDS; n++) await cycle();
      samples[i]!.push(((performance.now() - started) * 1000) / (SEQUENTIAL_CYCLES / ROUNDS));
    }
  }
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  return Object.fromEntries(SEQUENTIAL.map((s, i) => [s, median(samples[i]!)])) as Record<Subject, number>;
}

/** The worker: waits for the common start time, runs its cycles, prints when it finished. */
const WORKER = `
const [, subject, dir, cycles, startAt, benchFile] = process.argv;
const { cycleOf } = await import(benchFile);
const cycle = cycleOf(subject, dir, "w" + process.pid, true);
await new Promise((r) => setTimeout(r, Number(startAt) - Date.now()));
for (let i = 0; i < Number(cycles); i++) await cycle();
process.stdout.write(String(Date.now()));
`;

/** Microseconds per cycle of the whole system: PROCESSES processes contending for one lock. */
async function contended(subject: Subject): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "baton-bench-contended-"));
  const startAt = Date.now() + 1_500;
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const ends = await Promise.all(
    Array.from(
      { length: PROCESSES },
      () =>
        new Promise<number>((resolve, reject) => {
          const args = ["--import", tsx, "--input-type=module", "-e", WORKER, subject, dir];
          const child = spawn(
            process.execPath,
            [...args, String(CONTENDED_CYCLES), String(startAt), import.meta.filename],
            { stdio: ["ignore", "pipe", "inherit"] },
          );
          let out = "";
          child.stdout.on("data", (d) => {
            out += d;
          });
          child.on("exit", (code) =>
            code === 0 ? resolve(Number(out)) : reject(new Error(`worker ${code}`)),
          );
        }),
    ),
  );
  await rm(dir, { recursive: true, force: true });
  return ((Math.max(...ends) - startAt) * 1000) / (PROCESSES * CONTENDED_CYCLES);
}

const benchmark: Benchmark = {
  name: "file-driver: acquire+release cycle vs proper-lockfile and bare mkdir/rmdir",
  async run() {
    const rows: BenchRow[] = [];
    const seq = await sequential();
    const conSamples = SUBJECTS.map(() => [] as number[]);
    for (let round = 0; round < CONTENDED_ROUNDS; round++) {
      for (const [i, subject] of SUBJECTS.entries()) conSamples[i]!.push(await contended(subject));
    }
    const con = Object.fromEntries(SUBJECTS.map((s, i) => [s, median(conSamples[i]!)])) as Record<
      Subject,
      number
    >;
    for (const subject of SEQUENTIAL) {
      rows.push({ subject, metric: "sequential cycles/s", value: 1e6 / seq[subject], unit: "cycles/s" });
      rows.push({ subject, metric: "sequential cycle", value: seq[subject], unit: "µs" });
    }
    for (const subject of SUBJECTS) {
      rows.push({
        subject,
        metric: `${PROCESSES} processes cycles/s`,
        value: 1e6 / con[subject],
        unit: "cycles/s",
      });
    }
    return {
      rows,
      ratios: [
        {
          label: "sequential: history on / off, cycles/s",
          value: seq["file-driver, history off"] / seq["file-driver"],
          target: ">= 0.9",
        },
        {
          label: "sequential: file-driver / mkdir+rmdir",
          value: seq["file-driver"] / seq["mkdir/rmdir"],
          target: "<= 3",
        },
        {
          label: "sequential: file-driver / proper-lockfile",
          value: seq["file-driver"] / seq["proper-lockfile"],
          target: "<= 1",
        },
        {
          label: `${PROCESSES} processes: file-driver / mkdir+rmdir`,
          value: con["file-driver"] / con["mkdir/rmdir"],
          target: "<= 3",
        },
        {
          label: `${PROCESSES} processes: file-driver / proper-lockfile`,
          value: con["file-driver"] / con["proper-lockfile"],
          target: "<= 1",
        },
      ],
      notes: [
        `same disk (${tmpdir()}), same run; sequential: median of ${ROUNDS} interleaved rounds, ${SEQUENTIAL_CYCLES} cycles each subject; contended: median of ${CONTENDED_ROUNDS} interleaved rounds of ${PROCESSES} processes × ${CONTENDED_CYCLES} cycles`,
        "file-driver cycle: an entry in the session's index (an empty file), exclusive link() of a JSON record with a persistent fencing token; release under a proper-lockfile guard (on O_EXCL files, not directories), so it includes one proper-lockfile lock+unlock, and removes both",
        "peers wait by polling every 1 ms; the file driver waits on fs.watch",
      ],
    };
  },
};

export default benchmark;
export { cycleOf };
