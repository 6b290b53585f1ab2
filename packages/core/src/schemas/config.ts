import { z } from "zod";
import { BACKENDS, CONFIG_RULES, type ConfigRule, LOG_LEVELS } from "../config-rules.js";

export const BackendSchema = z.enum(BACKENDS);
export type Backend = z.infer<typeof BackendSchema>;

const int = (rule: ConfigRule & { kind: "int" }) => z.number().int().min(rule.min).max(rule.max);
const text = (rule: ConfigRule & { kind: "string" }) => z.string().regex(rule.pattern ?? /.*/, rule.hint);

/** baton's resolved configuration, built from CONFIG_RULES. Durations are whole seconds. */
export const BatonConfigSchema = z.object({
  backend: BackendSchema,
  redisUrl: text(CONFIG_RULES.redisUrl),
  keyPrefix: text(CONFIG_RULES.keyPrefix),
  coordinationDir: text(CONFIG_RULES.coordinationDir),
  defaultLockTimeout: int(CONFIG_RULES.defaultLockTimeout),
  heartbeatTtl: int(CONFIG_RULES.heartbeatTtl),
  activeThreshold: int(CONFIG_RULES.activeThreshold),
  idleThreshold: int(CONFIG_RULES.idleThreshold),
  staleThreshold: int(CONFIG_RULES.staleThreshold),
  abandonedThreshold: int(CONFIG_RULES.abandonedThreshold),
  logLevel: z.enum(LOG_LEVELS),
  serverPort: int(CONFIG_RULES.serverPort),
  mcpHost: text(CONFIG_RULES.mcpHost),
  pytestLockTimeout: int(CONFIG_RULES.pytestLockTimeout),
});
export type BatonConfig = z.infer<typeof BatonConfigSchema>;

/** The tier thresholds, in seconds. */
export type Thresholds = Pick<
  BatonConfig,
  "activeThreshold" | "idleThreshold" | "staleThreshold" | "abandonedThreshold"
>;
