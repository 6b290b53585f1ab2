import type { Connections } from "../connections.js";
import { VERSION } from "../version.js";

/** What GET / and GET /health answer: who we are, which backend, and whether it answers. */
export async function healthReport(
  connections: Connections,
  sessions: { streamable: number; sse: number; max: number },
) {
  const { driver } = connections.options.backend;
  const started = performance.now();
  let error: string | undefined;
  try {
    await driver.ping();
  } catch (e) {
    error = (e as Error).message;
  }
  return {
    server: "baton-mcp",
    version: VERSION,
    status: error ? "unhealthy" : "healthy",
    backend: driver.name,
    location: driver.location,
    reachable: !error,
    ...(error ? { error } : { latency_ms: Math.round((performance.now() - started) * 100) / 100 }),
    sessions,
    calls_in_flight: connections.options.inFlight.active,
  };
}
