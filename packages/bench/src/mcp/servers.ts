import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { processCpuMs, processMemory } from "@agent-baton/core";

const MCP_PACKAGE = createRequire(import.meta.url).resolve("@agent-baton/mcp-server/package.json");
/** The built baton-mcp bin, as `npm install @agent-baton/mcp-server` puts it. */
export const BATON_MCP_BIN = join(dirname(MCP_PACKAGE), "dist/bin/baton-mcp.js");
/**
 * Where the floor runs: its bare `zod` and `@modelcontextprotocol/sdk` imports then resolve to the
 * very modules baton-mcp loads (an ES import of zod's CommonJS path would load a second zod, which
 * the SDK handles on a slower path).
 */
export const FLOOR_DIR = dirname(MCP_PACKAGE);

/**
 * The floor: an MCP server made of the SDK alone, serving Streamable HTTP statefully as the SDK's
 * own example does (one McpServer and transport per session), with one trivial tool shaped like
 * check_lock.
 */
export const FLOOR_HTTP_SERVER = `
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
const transports = new Map();
function makeServer() {
  const server = new McpServer({ name: "floor", version: "0.0.0" });
  server.registerTool("echo", { inputSchema: { lock_name: z.string() }, outputSchema: { lock_name: z.string() } },
    async ({ lock_name }) => ({ content: [{ type: "text", text: lock_name }], structuredContent: { lock_name } }));
  return server;
}
const http = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  const id = req.headers["mcp-session-id"];
  let transport = id ? transports.get(id) : undefined;
  if (!transport && isInitializeRequest(body)) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => transports.set(sid, transport),
    });
    await makeServer().connect(transport);
  }
  if (!transport) { res.writeHead(400).end(); return; }
  await transport.handleRequest(req, res, body);
});
http.listen(0, "127.0.0.1", () => process.stderr.write("listening on http://127.0.0.1:" + http.address().port + "\\n"));
process.on("SIGTERM", () => process.exit(0));
`;

/** The SDK-only floor over stdio, one echo tool. */
export const FLOOR_STDIO_SERVER = `
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
const server = new McpServer({ name: "echo", version: "0.0.0" });
server.registerTool("echo", { inputSchema: { lock_name: z.string() }, outputSchema: { lock_name: z.string() } },
  async ({ lock_name }) => ({ content: [{ type: "text", text: lock_name }], structuredContent: { lock_name } }));
await server.connect(new StdioServerTransport());
`;

export interface RunningServer {
  child: ChildProcess;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Whether `taskset` can pin processes here (Linux with util-linux). */
export const canPin = (() => {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Starts a server process (pinned to `cpu` when taskset exists) and resolves once it says where it listens. */
export function startServer(
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; cpu?: number },
): Promise<RunningServer> {
  const [command, argv] =
    canPin && options.cpu !== undefined
      ? ["taskset", ["-c", String(options.cpu), process.execPath, ...args]]
      : [process.execPath, args];
  const child = spawn(command, argv as string[], {
    env: options.env,
    cwd: options.cwd,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m)
        resolve({
          child,
          url: m[1]!,
          pid: child.pid!,
          stop: async () => {
            if (child.exitCode === null) child.kill("SIGTERM");
            await exited;
          },
        });
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${err}`)));
  });
}

/** CPU time a process has used so far (user + system), in ms. */
export function cpuMs(pid: number): number {
  return processCpuMs(pid) ?? Number.NaN;
}

/** Resident memory of a process, in MiB. */
export function rssMiB(pid: number): number {
  return (processMemory(pid)?.rss ?? Number.NaN) / 2 ** 20;
}
