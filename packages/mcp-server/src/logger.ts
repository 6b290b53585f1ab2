const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that writes only to stderr: stdout belongs to the stdio transport. */
export function createLogger(level: LogLevel = "info"): Logger {
  const min = LEVELS.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (LEVELS.indexOf(l) >= min) process.stderr.write(`baton-mcp ${l}: ${message}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
