import { parseArgs } from "node:util";
import { InvalidInputError } from "@agent-baton/core";

export interface CliOptions {
  stdio: boolean;
  envFile?: string;
  backend?: "file" | "redis";
  port?: number;
  host?: string;
  keepSessions: boolean;
  help: boolean;
  version: boolean;
}

export const HELP = `Usage: baton-mcp [options]

The baton MCP server: locks, sessions and issue claims for AI coding agents.

Without --stdio it serves HTTP on MCP_SERVER_HOST:SERVER_PORT (127.0.0.1:8082):
  /mcp       Streamable HTTP   claude mcp add --transport http coordination http://127.0.0.1:8082/mcp
  /sse       legacy SSE        claude mcp add --transport sse coordination http://127.0.0.1:8082/sse
  /          the dashboard in a browser, live from /events; JSON health for other clients
  /health    JSON health
With --stdio:                  claude mcp add coordination -- baton-mcp --stdio

Options:
  --stdio              serve one client on stdin/stdout (logs go to stderr)
  --env-file FILE      read environment variables from a dotenv file first
  --backend NAME       file (alias local) or redis; overrides COORDINATION_BACKEND
  --host HOST          address to bind (default 127.0.0.1; others need BATON_MCP_TOKEN)
  --port PORT          port to bind (default 8082, 0 picks a free one)
  --keep-sessions      keep a closed connection's locks and claims until their TTL
                       (also BATON_MCP_KEEP_ON_DISCONNECT=1)
  -h, --help           show this help
  -V, --version        print the version

Environment: COORDINATION_BACKEND, COORDINATION_DIR, REDIS_URL, BATON_KEY_PREFIX, SERVER_PORT,
MCP_SERVER_HOST, BATON_MCP_TOKEN, BATON_MCP_ALLOWED_ORIGINS (extra browser origins, comma-separated),
BATON_MCP_IDLE_TIMEOUT (seconds, default 1800),
BATON_MCP_STREAM_GRACE (seconds a client whose stream dropped may stay silent, default 60),
BATON_MCP_UNUSED_TIMEOUT (seconds a session may send nothing after initialize, default 60),
BATON_MCP_MAX_SESSIONS (open HTTP and SSE sessions at most, default 1000; when full the least
recently used idle one is closed, else a new one gets 503),
BATON_MCP_MAX_BODY (bytes, default 1048576), LOG_LEVEL, CLAUDE_SESSION_ID.
`;

/** Parses baton-mcp's flags; a wrong one is an InvalidInputError naming it. */
export function parseCliArgs(argv: string[]): CliOptions {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new InvalidInputError(`${(error as Error).message}; see baton-mcp --help`, { field: "argv" });
  }
  const backend = values.backend === "local" ? "file" : values.backend;
  if (backend !== undefined && backend !== "file" && backend !== "redis") {
    throw new InvalidInputError(`invalid --backend ${JSON.stringify(backend)}: use file or redis`, {
      field: "backend",
    });
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65_535) {
      throw new InvalidInputError(`invalid --port ${JSON.stringify(values.port)}: use 0-65535`, {
        field: "port",
      });
    }
  }
  return {
    stdio: values.stdio ?? false,
    envFile: values["env-file"],
    backend,
    port,
    host: values.host,
    keepSessions: values["keep-sessions"] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      stdio: { type: "boolean" },
      "env-file": { type: "string" },
      backend: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "keep-sessions": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "V" },
    },
  });
}
