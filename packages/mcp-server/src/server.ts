import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { ToolDeps } from "./tool-result.js";
import { registerTools } from "./tools/register-tools.js";
import { SERVER_NAME, VERSION } from "./version.js";

const INSTRUCTIONS =
  "baton coordinates many agent sessions: acquire_lock before work that must not run twice at once (a test suite, a PR, a deploy) and release_lock after; claim_issue before working an issue. Any result may end with notice lines (structuredContent.notices): something happened to your locks or claim (lost, overridden, asked back); act on each before going on. Each connection is its own session and disconnecting releases what it holds; a connection that joins a running session (register_session with session_id) leaves that session to its own process.";

/**
 * One validator for every connection's server: the SDK would build an Ajv instance per server
 * (a tenth of the CPU of each `initialize`), for elicitation schemas baton never sends.
 */
let validator: AjvJsonSchemaValidator | undefined;
const sharedValidator = () => {
  validator ??= new AjvJsonSchemaValidator();
  return validator;
};

/** One MCP server for one connection; `cleanup` ends the connection's baton session. */
export function createServer(deps: ToolDeps): {
  server: McpServer;
  cleanup: (reason: string) => Promise<void>;
} {
  const server = new McpServer(
    { name: SERVER_NAME, version: VERSION },
    {
      capabilities: { tools: {} },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: sharedValidator(),
    },
  );
  registerTools(server, deps);
  const cleanup = async (reason: string) => {
    await deps.connection.close(reason);
  };
  return { server, cleanup };
}
