import { BatonError, exitCodeOf, onTerminationSignals } from "@agent-baton/core";
import { openBackend } from "./backend.js";
import { HELP, parseCliArgs } from "./cli-args.js";
import { Connections } from "./connections.js";
import { loadEnvFile } from "./env-file.js";
import { InFlight } from "./in-flight.js";
import { createLogger, type LogLevel } from "./logger.js";
import { startHttp } from "./transports/http-server.js";
import type { RunningTransport } from "./transports/running-transport.js";
import { MAX_SESSIONS_ENV } from "./transports/session-cap.js";
import { startStdio } from "./transports/stdio.js";
import { VERSION } from "./version.js";

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_IDLE_SECONDS = 1800;
const DEFAULT_STREAM_GRACE_SECONDS = 60;
const DEFAULT_UNUSED_SECONDS = 60;
const DEFAULT_MAX_SESSIONS = 1000;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) === 0) {
    throw new BatonError(
      "INVALID_CONFIG",
      `environment variable ${name}: expected a positive whole number, got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw);
}

/**
 * Runs baton-mcp until stdin closes (--stdio) or SIGTERM/SIGINT/SIGHUP, then lets in-flight calls
 * finish, ends each connection's session and returns the exit code.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let logger = createLogger("info");
  let running: RunningTransport | undefined;
  let inFlight: InFlight | undefined;
  let closeBackend: (() => Promise<void>) | undefined;
  let stopFor: (reason: string) => void = () => undefined;
  const stopRequested = new Promise<string>((resolve) => {
    stopFor = resolve;
  });
  let finishing = false;
  // held until main returns: a later signal must not cut the finishing short either
  const stopSignals = onTerminationSignals((signal) => {
    if (finishing) logger.info(`${signal}: still finishing`);
    else stopFor(signal);
  });
  try {
    const cli = parseCliArgs(argv);
    if (cli.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (cli.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (cli.envFile) loadEnvFile(cli.envFile, env);
    const backend = await openBackend({
      env,
      overrides: { backend: cli.backend, serverPort: cli.port, mcpHost: cli.host },
    });
    closeBackend = () => backend.driver.close();
    logger = createLogger(backend.config.logLevel as LogLevel);
    // one broken connection must not take every other session down with it
    process.on("unhandledRejection", (error) =>
      logger.error(`unhandled: ${(error as Error)?.stack ?? error}`),
    );
    inFlight = new InFlight();
    const keepOnDisconnect =
      cli.keepSessions || /^(1|true|yes)$/i.test(env.BATON_MCP_KEEP_ON_DISCONNECT ?? "");
    const connections = new Connections({ backend, inFlight, logger, keepOnDisconnect });

    running = cli.stdio
      ? await startStdio(connections, env)
      : await startHttp(connections, {
          host: backend.config.mcpHost,
          port: backend.config.serverPort,
          token: env.BATON_MCP_TOKEN || undefined,
          allowedOrigins: (env.BATON_MCP_ALLOWED_ORIGINS ?? "")
            .split(",")
            .map((o) => o.trim().toLowerCase())
            .filter(Boolean),
          maxBodyBytes: positiveInt(env, "BATON_MCP_MAX_BODY", DEFAULT_MAX_BODY),
          idleTimeoutMs: positiveInt(env, "BATON_MCP_IDLE_TIMEOUT", DEFAULT_IDLE_SECONDS) * 1000,
          streamGraceMs: positiveInt(env, "BATON_MCP_STREAM_GRACE", DEFAULT_STREAM_GRACE_SECONDS) * 1000,
          unusedTimeoutMs: positiveInt(env, "BATON_MCP_UNUSED_TIMEOUT", DEFAULT_UNUSED_SECONDS) * 1000,
          maxSessions: positiveInt(env, MAX_SESSIONS_ENV, DEFAULT_MAX_SESSIONS),
        });
    logger.info(
      `${cli.stdio ? "serving" : "listening on"} ${running.description} (backend ${backend.driver.name}: ${backend.driver.location})`,
    );

    void running.closed.then(() => stopFor("stdin closed"));
    const reason = await stopRequested;
    finishing = true;
    logger.info(`${reason}: finishing ${inFlight.active} call(s), then ending sessions`);
    inFlight.shutdown.abort();
    await running.stop(reason);
    await closeBackend();
    return 0;
  } catch (error) {
    if (BatonError.isInstance(error)) logger.error(error.message);
    else logger.error((error as Error)?.stack ?? String(error));
    inFlight?.shutdown.abort();
    await running?.stop("error").catch(() => undefined);
    await closeBackend?.().catch(() => undefined);
    return exitCodeOf(error);
  } finally {
    stopSignals();
  }
}
