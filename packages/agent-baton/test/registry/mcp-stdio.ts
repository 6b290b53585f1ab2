import { spawn } from "node:child_process";

/**
 * Talks MCP to a stdio server the way a client does: initialize, initialized, tools/list. Returns
 * the tool names; kills the server afterwards; fails instead of hanging after `timeoutMs`.
 */
export function listToolsOverStdio(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ serverName: string; tools: string[] }> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  let buffer = "";
  let stderr = "";
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  child.stdout.on("data", (d) => {
    buffer += d;
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const message = JSON.parse(line) as { id?: number; result?: Record<string, unknown> };
      if (message.id !== undefined && message.result) waiting.get(message.id)?.(message.result);
    }
  });
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const request = (id: number, method: string, params: object) =>
    new Promise<Record<string, unknown>>((resolve) => {
      waiting.set(id, resolve);
      send({ jsonrpc: "2.0", id, method, params });
    });
  const talk = async () => {
    const init = await request(1, "initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "baton-install-test", version: "1.0.0" },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    const list = await request(2, "tools/list", {});
    return {
      serverName: (init.serverInfo as { name: string }).name,
      tools: (list.tools as { name: string }[]).map((t) => t.name),
    };
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no MCP answer within ${timeoutMs} ms; stderr: ${stderr}`)),
      timeoutMs,
    );
    child.once("exit", (code) =>
      reject(new Error(`server exited ${code} before answering; stderr: ${stderr}`)),
    );
    talk()
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  }).finally(() => {
    child.stdin.end();
    child.kill("SIGTERM");
    setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5_000).unref();
  }) as Promise<{ serverName: string; tools: string[] }>;
}
