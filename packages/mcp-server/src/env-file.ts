import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { ConfigError } from "@agent-baton/core";

/** Adds a dotenv file's variables (read by Node's own dotenv parser) to `env`; variables already set win. */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(
      `--env-file ${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      { cause: error },
    );
  }
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (env[key] === undefined) env[key] = value;
  }
}
