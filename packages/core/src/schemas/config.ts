import { z } from "zod";

export const BACKENDS = ["file", "redis"] as const;
export const BackendSchema = z.enum(BACKENDS);
export type Backend = z.infer<typeof BackendSchema>;

const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

/** baton's resolved configuration. Durations are whole seconds. */
export const BatonConfigSchema = z.object({
  backend: BackendSchema,
  redisUrl: z.string(),
  keyPrefix: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "letters, digits and _ . : - only, at most 64"),
  coordinationDir: z.string(),
  defaultLockTimeout: seconds(1, 86_400),
  heartbeatTtl: seconds(5, 86_400),
  activeThreshold: seconds(1, 31_536_000),
  idleThreshold: seconds(1, 31_536_000),
  staleThreshold: seconds(1, 31_536_000),
  abandonedThreshold: seconds(1, 31_536_000),
  logLevel: z.enum(["debug", "info", "warn", "error", "silent"]),
  serverPort: z.number().int().min(0).max(65_535),
  mcpHost: z.string().min(1),
  pytestLockTimeout: seconds(1, 86_400),
});
export type BatonConfig = z.infer<typeof BatonConfigSchema>;

/** The tier thresholds, in seconds. */
export type Thresholds = Pick<
  BatonConfig,
  "activeThreshold" | "idleThreshold" | "staleThreshold" | "abandonedThreshold"
>;

/** What `.claude/config.yml` may say. Other top-level keys belong to other tools and are ignored. */
export const ConfigFileSchema = z.object({
  coordination: z.enum(["local", "file", "redis"]).optional(),
  baton: z
    .strictObject({
      redis_url: z.string().optional(),
      key_prefix: z.string().optional(),
      coordination_dir: z.string().optional(),
      default_lock_timeout: z.number().int().optional(),
    })
    .optional(),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
