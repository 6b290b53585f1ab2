import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sleep, tempDir } from "./helpers.js";

const baton = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin", "baton.js");

/** The process group of a pid, from /proc (field 5 of stat, after the command name). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(50);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/**
 * A command that writes its pid once it counts SIGINTs (one "x" each, in `counts`) and exits 2
 * 300 ms after the first.
 */
function sigintCounter(dir: string): { counts: string; pidFile: string; command: string } {
  const counts = join(dir, "sigints");
  const pidFile = join(dir, "pid");
  const command = join(dir, "command.cjs");
  writeFileSync(
    command,
    `const fs = require("node:fs");
let n = 0;
process.on("SIGINT", () => { fs.appendFileSync(${JSON.stringify(counts)}, "x"); if (++n === 1) setTimeout(() => process.exit(2), 300); });
fs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
setTimeout(() => {}, 20000);`,
  );
  return { counts, pidFile, command };
}

/** Waits for the command's pid, sends `signal`, and asserts baton exits 2 with the command having seen one SIGINT. */
async function expectOneSigint(
  exited: Promise<number | null>,
  pidFile: string,
  counts: string,
  signal: (commandPid: number) => void,
): Promise<void> {
  await until(() => existsSync(pidFile) && readFileSync(pidFile, "utf8") !== "", "the command to start");
  signal(Number(readFileSync(pidFile, "utf8")));
  const code = await Promise.race([exited, sleep(10_000).then(() => "timed out waiting for baton to exit")]);
  expect(code).toBe(2);
  expect(readFileSync(counts, "utf8")).toBe("x");
}

describe("baton run and a Ctrl+C", () => {
  it("a Ctrl+C (SIGINT to the foreground group) reaches the command once, and baton exits with its code", async () => {
    const dir = tempDir("baton-tty-");
    const { counts, pidFile, command } = sigintCounter(dir);
    // util-linux's script runs baton on a real pseudo-terminal as the session's foreground job, as a
    // person's shell would; `exec` keeps the shell (whichever $SHELL is) out of the signal's way, and
    // -e makes script exit with baton's code.
    const line = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(baton)} run --lock tty -- ${JSON.stringify(process.execPath)} ${JSON.stringify(command)}`;
    const term = spawn("script", ["-qfec", line, "/dev/null"], {
      env: {
        ...process.env,
        SHELL: "/bin/sh",
        HOME: dir,
        COORDINATION_DIR: join(dir, "coord"),
        BATON_SESSION_ID: "tty-user",
      },
      stdio: ["pipe", "ignore", "ignore"],
    });
    const exited = new Promise<number | null>((resolve) => term.once("exit", (code) => resolve(code)));
    try {
      await expectOneSigint(exited, pidFile, counts, (commandPid) =>
        process.kill(-processGroup(commandPid), "SIGINT"),
      );
    } finally {
      term.kill("SIGKILL");
    }
  });

  it("without a terminal too: a SIGINT to the whole group reaches the command once", async () => {
    const dir = tempDir("baton-group-");
    const { counts, pidFile, command } = sigintCounter(dir);
    // Its own process group, as a CI runner or a shell script's job would be; stdin is not a terminal.
    const baton_ = spawn(
      process.execPath,
      [baton, "run", "--lock", "group", "--", process.execPath, command],
      {
        env: {
          ...process.env,
          HOME: dir,
          COORDINATION_DIR: join(dir, "coord"),
          BATON_SESSION_ID: "group-user",
        },
        stdio: ["pipe", "ignore", "ignore"],
        detached: true,
      },
    );
    const exited = new Promise<number | null>((resolve) => baton_.once("exit", (code) => resolve(code)));
    try {
      await expectOneSigint(exited, pidFile, counts, () => process.kill(-(baton_.pid as number), "SIGINT"));
    } finally {
      baton_.kill("SIGKILL");
    }
  });
});
