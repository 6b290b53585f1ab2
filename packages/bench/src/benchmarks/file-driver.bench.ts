import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, rmdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileDriver } from "@agent-baton/file-driver";
import lockfile from "proper-lockfile";
import type { Benchmark, BenchRow } from "../types.js";

const SEQUENTIAL_CYCLES = 2_000;
const PROCESSES = 8;
const CONTENDED_CYCLES = 150;
const OWNER = { host: "bench", pid: null, pid_start: null, worktree: null };

type Subject = "file-driver" | "proper-lockfile" | "mkdir/rmdir";
const SUBJECTS: Subject[] = ["file-driver", "proper-lockfile", "mkdir/rmdir"];

/** One acquire+release cycle of each subject, waiting (as a real caller would) while another holds it. */
function cycleOf(subject: Subject, dir: string, id: string, contended: boolean): () => Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  if (subject === "file-driver") {
    const driver = createFileDriver({ dir });
    const owner = { ...OWNER, held_by: id };
    return async () => {
      while (!(await driver.acquireLock("resource:bench", owner, 60_000)).acquired) {
        await driver.waitForRelease("resource:bench", 1_000);
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

/** Microseconds per cycle, `cycles` in a row in this process. */
async function sequential(subject: Subject): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "baton-bench-seq-"));
  const cycle = cycleOf(subject, dir, "seq", false);
  for (let i = 0; i < 100; i++) await cycle();
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL_CYCLES; i++) await cycle();
  const us = ((performance.now() - started) * 1000) / SEQUENTIAL_CYCLES;
  await rm(dir, { recursive: true, force: true });
  return us;
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
    const seq = {} as Record<Subject, number>;
    const con = {} as Record<Subject, number>;
    for (const subject of SUBJECTS) seq[subject] = await sequential(subject);
    for (const subject of SUBJECTS) con[subject] = await contended(subject);
    for (const subject of SUBJECTS) {
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
        `same disk (${tmpdir()}), same run; ${SEQUENTIAL_CYCLES} sequential cycles, ${PROCESSES}×${CONTENDED_CYCLES} contended`,
        "file-driver cycle: exclusive link() of an fsynced JSON record + a persistent fencing token, release under a proper-lockfile guard",
        "peers wait by polling every 1 ms; the file driver waits on fs.watch",
      ],
    };
  },
};

export default benchmark;
export { cycleOf };
