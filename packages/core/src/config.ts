import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type * as z from "zod/mini";
import { numberFromText, shown } from "./bounds.js";
import { ConfigError } from "./errors.js";
import {
  type BatonConfig,
  BatonConfigSchema,
  type ConfigFile,
  ConfigFileSchema,
  FILE_KEYS,
  SETTINGS,
} from "./schemas/config.js";

export const DEFAULTS = {
  backend: "file",
  redisUrl: "redis://localhost:6379/0",
  keyPrefix: "baton",
  defaultLockTimeout: 300,
  maxWaitSeconds: 120,
  heartbeatTtl: 300,
  activeThreshold: 300,
  idleThreshold: 3_600,
  staleThreshold: 14_400,
  abandonedThreshold: 86_400,
  logLevel: "info",
  serverPort: 8082,
  mcpHost: "127.0.0.1",
  pytestLockTimeout: 300,
  history: true,
  historyMaxEvents: 200_000,
  historyMaxBytes: 32 * 1024 * 1024,
  overlapInterval: 30,
} as const satisfies Omit<BatonConfig, "coordinationDir">;

type Field = keyof BatonConfig;

/** `1/true/yes/on` and `0/false/no/off`, as an environment variable says it; anything else is left for the rule to refuse. */
function booleanFromText(text: string): unknown {
  const t = text.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(t)) return true;
  if (["0", "false", "no", "off"].includes(t)) return false;
  return text;
}

/** `local` is the original's name for the file backend. */
const backendName = (text: string) => (text === "local" ? "file" : text);

/**
 * Environment variables, the original's names where it had them: the setting each sets, and how
 * its text is read before the setting's rule checks it.
 */
const ENV: Record<string, [Field, ((text: string) => unknown)?]> = {
  COORDINATION_BACKEND: ["backend", backendName],
  REDIS_URL: ["redisUrl"],
  BATON_KEY_PREFIX: ["keyPrefix"],
  COORDINATION_DIR: ["coordinationDir"],
  DEFAULT_LOCK_TIMEOUT: ["defaultLockTimeout", numberFromText],
  MAX_WAIT_SECONDS: ["maxWaitSeconds", numberFromText],
  HEARTBEAT_TTL: ["heartbeatTtl", numberFromText],
  ACTIVE_THRESHOLD: ["activeThreshold", numberFromText],
  IDLE_THRESHOLD: ["idleThreshold", numberFromText],
  STALE_THRESHOLD: ["staleThreshold", numberFromText],
  ABANDONED_THRESHOLD: ["abandonedThreshold", numberFromText],
  LOG_LEVEL: ["logLevel", (text) => text.toLowerCase()],
  SERVER_PORT: ["serverPort", numberFromText],
  MCP_SERVER_HOST: ["mcpHost"],
  PYTEST_LOCK_TIMEOUT: ["pytestLockTimeout", numberFromText],
  BATON_HISTORY: ["history", booleanFromText],
  BATON_HISTORY_MAX_EVENTS: ["historyMaxEvents", numberFromText],
  BATON_HISTORY_MAX_BYTES: ["historyMaxBytes", numberFromText],
  BATON_OVERLAP_INTERVAL: ["overlapInterval", numberFromText],
};

/** The environment variables the config reads, so that a process acting for another can take them along. */
export const CONFIG_ENV_NAMES: readonly string[] = Object.keys(ENV);

export interface LoadConfigOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Values from command-line flags: the highest precedence. */
  overrides?: Partial<BatonConfig>;
}

/** Config files in precedence order, lowest first: `~/.claude/config.yml`, then the nearest project one. */
export function findConfigFiles(cwd: string, home: string): string[] {
  const files: string[] = [];
  const user = join(home, ".claude", "config.yml");
  if (existsSync(user)) files.push(user);
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, ".claude", "config.yml");
    if (candidate !== user && existsSync(candidate)) {
      files.push(candidate);
      break;
    }
    const parent = dirname(dir);
    if (existsSync(join(dir, ".git")) || parent === dir) break;
    dir = parent;
  }
  return files;
}

/** yaml is loaded only when a config file exists: most runs have none, and it is costly to load at every start. */
function yaml(): typeof import("yaml") {
  return createRequire(import.meta.url)("yaml") as typeof import("yaml");
}

/** Reads one config file; a YAML syntax error or a wrong setting gives file, key as written, and reason. */
export function readConfigFile(path: string): ConfigFile {
  let data: unknown;
  const { parse, YAMLParseError } = yaml();
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0] ? `line ${error.linePos[0].line}` : "YAML";
      throw new ConfigError(`${path}: ${where}: ${error.message.split("\n")[0]}`, { cause: error });
    }
    throw new ConfigError(`${path}: cannot read: ${(error as Error).message}`, { cause: error });
  }
  const result = ConfigFileSchema.safeParse(data ?? {}, { reportInput: true });
  if (!result.success) {
    throw configError(result.error, (keys) => (keys.length ? `${path}: ${keys.join(".")}` : path));
  }
  return result.data;
}

/** A ConfigError for the first issue: where it is (as the user wrote it), why, and what was given. */
function configError(error: z.core.$ZodError, where: (path: string[]) => string): ConfigError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") path.push(issue.keys[0] ?? "");
  const given =
    issue.code !== "unrecognized_keys" && issue.input !== undefined ? ` (got ${shown(issue.input)})` : "";
  return new ConfigError(`${where(path)}: ${issue.message}${given}`);
}

function fromFile(file: ConfigFile): Partial<BatonConfig> {
  const out: Record<string, unknown> = {};
  if (file.coordination) out.backend = backendName(file.coordination);
  for (const [key, field] of Object.entries(FILE_KEYS)) {
    const value = file.baton?.[key as keyof typeof FILE_KEYS];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Where the user set a field in a file: the key as written there. */
function fileKey(field: Field): string {
  if (field === "backend") return "coordination";
  const key = Object.entries(FILE_KEYS).find(([, f]) => f === field)?.[0];
  return key ? `baton.${key}` : field;
}

function envName(field: Field): string {
  return Object.entries(ENV).find(([, [f]]) => f === field)?.[0] ?? field;
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<BatonConfig> {
  const out: Record<string, unknown> = {};
  for (const [name, [field, read]] of Object.entries(ENV)) {
    const text = env[name];
    if (text === undefined || text === "") continue;
    const result = SETTINGS[field].safeParse(read ? read(text) : text);
    if (!result.success) {
      throw new ConfigError(
        `environment variable ${name}: ${result.error.issues[0]?.message ?? "is not valid"} (got ${shown(text)})`,
      );
    }
    out[field] = result.data;
  }
  return out;
}

/**
 * Resolves the config: defaults < `~/.claude/config.yml` < project `.claude/config.yml` (from the
 * cwd up to the git root) < environment < overrides (flags). Invalid input throws ConfigError
 * naming the file and key, or the environment variable, as the user wrote them.
 */
export function loadConfig(options: LoadConfigOptions = {}): BatonConfig {
  const env = options.env ?? process.env;
  const home = options.home ?? env.HOME ?? homedir();
  const layers: Array<{ values: Partial<BatonConfig>; where: (field: Field) => string }> = [
    {
      values: { ...DEFAULTS, coordinationDir: join(home, ".claude", "coordination") },
      where: (field) => `default ${field}`,
    },
  ];
  for (const file of findConfigFiles(options.cwd ?? process.cwd(), home)) {
    layers.push({ values: fromFile(readConfigFile(file)), where: (field) => `${file}: ${fileKey(field)}` });
  }
  layers.push({ values: fromEnv(env), where: (field) => `environment variable ${envName(field)}` });
  layers.push({ values: options.overrides ?? {}, where: (field) => `option ${field}` });

  const merged: Record<string, unknown> = {};
  const origin: Partial<Record<Field, (field: Field) => string>> = {};
  for (const layer of layers) {
    for (const [field, value] of Object.entries(layer.values)) {
      if (value === undefined) continue;
      merged[field] = value;
      origin[field as Field] = layer.where;
    }
  }
  const result = BatonConfigSchema.safeParse(merged, { reportInput: true });
  if (result.success) return result.data;
  throw configError(result.error, ([field]) => {
    const where = origin[field as Field] ?? ((f: Field) => `option ${f}`);
    return where(field as Field);
  });
}
