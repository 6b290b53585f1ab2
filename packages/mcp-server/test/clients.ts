import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export interface HttpClient {
  client: Client;
  /** Disconnects as the client would: DELETE for Streamable HTTP, closing the stream for SSE. */
  disconnect(): Promise<void>;
}

export async function streamableClient(
  url: string,
  headers: Record<string, string> = {},
): Promise<HttpClient> {
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } });
  const client = new Client({ name: "test-http", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    disconnect: async () => {
      await transport.terminateSession();
      await client.close();
    },
  };
}

export async function sseClient(url: string, headers: Record<string, string> = {}): Promise<HttpClient> {
  const transport = new SSEClientTransport(new URL(`${url}/sse`), {
    requestInit: { headers },
    eventSourceInit: {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
    },
  });
  const client = new Client({ name: "test-sse", version: "0.0.0" });
  await client.connect(transport);
  return { client, disconnect: () => client.close() };
}
