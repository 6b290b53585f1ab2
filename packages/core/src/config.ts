import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CONFIG_RULES, type ConfigField, ruleViolation } from "./config-rules.js";
import { ConfigError } from "./errors.js";
import type { BatonConfig } from "./schemas/config.js";

export const DEFAULTS = {
  backend: "file",
  redisUrl: "redis://localhost:6379/0",
  keyPrefix: "baton",
  defaultLockTimeout: 300,
  heartbeatTtl: 300,
  activeThreshold: 300,
  idleThreshold: 3_600,
  staleThreshold: 14_400,
  abandonedThreshold: 86_400,
  logLevel: "info",
  serverPort: 8082,
  mcpHost: "127.0.0.1",
  pytestLockTimeout: 300,
} as const satisfies Omit<BatonConfig, "coordinationDir">;

/** Environment variables, kept from the original where it had them, and the field each sets. */
const ENV_FIELDS = {
  COORDINATION_BACKEND: "backend",
  REDIS_URL: "redisUrl",
  BATON_KEY_PREFIX: "keyPrefix",
  COORDINATION_DIR: "coordinationDir",
  DEFAULT_LOCK_TIMEOUT: "defaultLockTimeout",
  HEARTBEAT_TTL: "heartbeatTtl",
  ACTIVE_THRESHOLD: "activeThreshold",
  IDLE_THRESHOLD: "idleThreshold",
  STALE_THRESHOLD: "staleThreshold",
  ABANDONED_THRESHOLD: "abandonedThreshold",
  LOG_LEVEL: "logLevel",
  SERVER_PORT: "serverPort",
  MCP_SERVER_HOST: "mcpHost",
  PYTEST_LOCK_TIMEOUT: "pytestLockTimeout",
} as const satisfies Record<string, keyof BatonConfig>;

const NUMERIC = new Set<keyof BatonConfig>([
  "defaultLockTimeout",
  "heartbeatTtl",
  "activeThreshold",
  "idleThreshold",
  "staleThreshold",
  "abandonedThreshold",
  "serverPort",
  "pytestLockTimeout",
]);

export interface LoadConfigOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Values from command-line flags: the highest precedence. */
  overrides?: Partial<BatonConfig>;
}

/** `local` is the original's name for the file backend. */
function backendName(value: string): string {
  return value === "local" ? "file" : value;
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

/** Reads one config file: a YAML syntax error or a wrong field gives file, field and reason. */
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
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(
      `${path}: expected a mapping of settings (e.g. "coordination: redis"), got ${typeof data}`,
    );
  }
  return checkConfigFile(path, data as Record<string, unknown>);
}

/** What `.claude/config.yml` may say; other top-level keys belong to other tools and are ignored. */
export interface ConfigFile {
  coordination?: "local" | "file" | "redis";
  baton?: {
    redis_url?: string;
    key_prefix?: string;
    coordination_dir?: string;
    default_lock_timeout?: number;
  };
}

const FILE_SETTINGS = {
  redis_url: "string",
  key_prefix: "string",
  coordination_dir: "string",
  default_lock_timeout: "integer",
} as const;

function checkConfigFile(path: string, data: Record<string, unknown>): ConfigFile {
  const fail = (field: string, reason: string) => {
    throw new ConfigError(`${path}: ${field}: ${reason}`);
  };
  const { coordination, baton } = data;
  if (coordination !== undefined && !["local", "file", "redis"].includes(coordination as string)) {
    fail("coordination", `must be one of local, file, redis (got ${JSON.stringify(coordination)})`);
  }
  if (baton !== undefined && baton !== null) {
    if (typeof baton !== "object" || Array.isArray(baton)) fail("baton", "must be a mapping of settings");
    for (const [key, value] of Object.entries(baton as Record<string, unknown>)) {
      const kind = FILE_SETTINGS[key as keyof typeof FILE_SETTINGS];
      if (!kind)
        fail("baton", `unknown setting baton.${key}; known: ${Object.keys(FILE_SETTINGS).join(", ")}`);
      const ok = kind === "integer" ? Number.isInteger(value) : typeof value === "string";
      if (!ok)
        fail(
          `baton.${key}`,
          `must be ${kind === "integer" ? "a whole number" : "text"} (got ${JSON.stringify(value)})`,
        );
    }
  }
  return data as ConfigFile;
}

function fromFile(file: ConfigFile): Partial<BatonConfig> {
  const out: Record<string, unknown> = {};
  if (file.coordination) out.backend = backendName(file.coordination);
  if (file.baton?.redis_url !== undefined) out.redisUrl = file.baton.redis_url;
  if (file.baton?.key_prefix !== undefined) out.keyPrefix = file.baton.key_prefix;
  if (file.baton?.coordination_dir !== undefined) out.coordinationDir = file.baton.coordination_dir;
  if (file.baton?.default_lock_timeout !== undefined)
    out.defaultLockTimeout = file.baton.default_lock_timeout;
  return out as Partial<BatonConfig>;
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<BatonConfig> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(ENV_FIELDS)) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    if (NUMERIC.has(field)) {
      if (!/^\d+$/.test(raw.trim())) {
        throw new ConfigError(
          `environment variable ${name}: expected whole seconds or a number, got ${JSON.stringify(raw)}`,
        );
      }
      out[field] = Number(raw);
    } else
      out[field] = field === "backend" ? backendName(raw) : field === "logLevel" ? raw.toLowerCase() : raw;
  }
  return out as Partial<BatonConfig>;
}

/**
 * Resolves the config: defaults < `~/.claude/config.yml` < project `.claude/config.yml` (from the
 * cwd up to the git root) < environment < overrides (flags). Invalid input throws ConfigError.
 */
export function loadConfig(options: LoadConfigOptions = {}): BatonConfig {
  const env = options.env ?? process.env;
  const home = options.home ?? env.HOME ?? homedir();
  const layers: Array<{ source: string; values: Partial<BatonConfig> }> = [
    { source: "defaults", values: { ...DEFAULTS, coordinationDir: join(home, ".claude", "coordination") } },
  ];
  for (const file of findConfigFiles(options.cwd ?? process.cwd(), home)) {
    layers.push({ source: file, values: fromFile(readConfigFile(file)) });
  }
  layers.push({ source: "environment", values: fromEnv(env) });
  layers.push({ source: "flags", values: options.overrides ?? {} });

  const merged: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      if (value === undefined) continue;
      merged[key] = value;
      origin[key] = layer.source;
    }
  }
  for (const [field, rule] of Object.entries(CONFIG_RULES) as Array<
    [ConfigField, (typeof CONFIG_RULES)[ConfigField]]
  >) {
    const reason = ruleViolation(rule, merged[field]);
    if (reason === null) continue;
    const envName = Object.entries(ENV_FIELDS).find(([, f]) => f === field)?.[0];
    const where =
      origin[field] === "environment" && envName
        ? `environment variable ${envName}`
        : `${origin[field] ?? "config"}: ${field}`;
    throw new ConfigError(`${where}: ${reason} (got ${JSON.stringify(merged[field])})`);
  }
  const config = merged as BatonConfig;
  const order = ["activeThreshold", "idleThreshold", "staleThreshold", "abandonedThreshold"] as const;
  for (let i = 1; i < order.length; i++) {
    if (config[order[i]!] < config[order[i - 1]!]) {
      throw new ConfigError(
        `thresholds out of order: ${order[i - 1]} (${config[order[i - 1]!]} s) must not exceed ${order[i]} (${config[order[i]!]} s); set ACTIVE ≤ IDLE ≤ STALE ≤ ABANDONED`,
      );
    }
  }
  return config;
}
