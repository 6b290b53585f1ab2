import { spawn } from "node:child_process";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion with a hard bound (SIGKILL after `timeoutMs`), so no step of the
 * registry tests can hang; throws with its output when it fails unless `allowFailure`.
 */
export function run(
  command: string,
  args: string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    timeoutMs?: number;
    input?: string;
    allowFailure?: boolean;
  },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    child.stdin?.on("error", () => {}); // a command that exits without reading its input is not a failure
    child.stdin?.end(options.input);
    const timeoutMs = options.timeoutMs ?? 180_000;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? 128, stdout, stderr };
      if (signal === "SIGKILL")
        reject(new Error(`${command} ${args.join(" ")} took over ${timeoutMs} ms\n${stderr}`));
      else if (code !== 0 && !options.allowFailure)
        reject(new Error(`${command} ${args.join(" ")} exited ${code}\n${stdout}\n${stderr}`));
      else resolve(result);
    });
  });
}
