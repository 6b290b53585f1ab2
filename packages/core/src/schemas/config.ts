import * as z from "zod/mini";
import { TtlSecondsSchema, WaitSecondsSchema, wholeNumberIn } from "../bounds.js";

export const BackendSchema = z.enum(["file", "redis"], "must be file (alias local) or redis");
export type Backend = z.infer<typeof BackendSchema>;

const seconds = (min: number, max: number) =>
  wholeNumberIn(min, max, `must be whole seconds from ${min} to ${max}`);
const text = (pattern: RegExp, rule: string) => z.string(rule).check(z.regex(pattern, rule));
const YEAR = 31_536_000;

/**
 * The rule of every setting, once: the resolved config, `.claude/config.yml` and the environment
 * are all checked with these.
 */
export const SETTINGS = {
  backend: BackendSchema,
  redisUrl: text(/^\S+$/, "must be a URL without spaces, e.g. redis://localhost:6379/0"),
  keyPrefix: text(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1-64 letters, digits and _ . : - only"),
  coordinationDir: text(/^.+$/, "must be a directory path"),
  /** TTL of a lock taken without one. */
  defaultLockTimeout: TtlSecondsSchema,
  /** How long `session-lock acquire` (the original's drop-in) waits for a held lock. */
  maxWaitSeconds: WaitSecondsSchema,
  heartbeatTtl: seconds(5, 86_400),
  activeThreshold: seconds(1, YEAR),
  idleThreshold: seconds(1, YEAR),
  staleThreshold: seconds(1, YEAR),
  abandonedThreshold: seconds(1, YEAR),
  logLevel: z.enum(
    ["debug", "info", "warn", "error", "silent"],
    "must be debug, info, warn, error or silent",
  ),
  serverPort: wholeNumberIn(0, 65_535, "must be a port from 0 to 65535"),
  mcpHost: text(/^\S+$/, "must be a host name or address"),
  pytestLockTimeout: TtlSecondsSchema,
  /** Record every state change as a history event (notices are made from them). */
  history: z.boolean("must be true or false"),
  /** Redis: about how many events the stream keeps. */
  historyMaxEvents: wholeNumberIn(1_000, 100_000_000, "must be a whole number from 1000 to 100000000"),
  /** File backend: the event log is rotated past this size, and the two newest files are kept. */
  historyMaxBytes: wholeNumberIn(
    65_536,
    68_719_476_736,
    "must be a whole number of bytes from 65536 to 68719476736",
  ),
  /** How often a Claude Code session's watcher looks for files another live session changed too; 0: never. */
  overlapInterval: seconds(0, 86_400),
};

const THRESHOLDS = ["activeThreshold", "idleThreshold", "staleThreshold", "abandonedThreshold"] as const;

/** baton's resolved configuration. Durations are seconds; the tier thresholds rise in order. */
export const BatonConfigSchema = z.object(SETTINGS).check(
  z.superRefine((config, ctx) => {
    for (let i = 1; i < THRESHOLDS.length; i++) {
      const [lower, higher] = [THRESHOLDS[i - 1]!, THRESHOLDS[i]!];
      if (config[higher] < config[lower]) {
        ctx.addIssue({
          code: "custom",
          path: [higher],
          input: config[higher],
          message: `must not be below the ${lower.replace("Threshold", "")} threshold (${config[lower]} s); they rise active ≤ idle ≤ stale ≤ abandoned`,
        });
      }
    }
  }),
);
export type BatonConfig = z.infer<typeof BatonConfigSchema>;

/** The tier thresholds, in seconds. */
export type Thresholds = Pick<BatonConfig, (typeof THRESHOLDS)[number]>;

/** The settings `.claude/config.yml` may hold under `baton:`, by the key written there. */
export const FILE_KEYS = {
  redis_url: "redisUrl",
  key_prefix: "keyPrefix",
  coordination_dir: "coordinationDir",
  default_lock_timeout: "defaultLockTimeout",
  max_wait_seconds: "maxWaitSeconds",
  history: "history",
  history_max_events: "historyMaxEvents",
  history_max_bytes: "historyMaxBytes",
  overlap_interval: "overlapInterval",
} as const satisfies Record<string, keyof typeof SETTINGS>;

// the `baton:` mapping, made from FILE_KEYS and SETTINGS
const batonSection = Object.fromEntries(
  Object.entries(FILE_KEYS).map(([key, field]) => [key, z.optional(SETTINGS[field])]),
) as { [K in keyof typeof FILE_KEYS]: z.ZodMiniOptional<(typeof SETTINGS)[(typeof FILE_KEYS)[K]]> };

/**
 * `.claude/config.yml`: `coordination: local | file | redis` and the `baton:` mapping. Other
 * top-level keys belong to other tools and are let through; an unknown key under `baton:` is an error.
 */
export const ConfigFileSchema = z.looseObject(
  {
    coordination: z.optional(z.enum(["local", "file", "redis"], "must be local, file or redis")),
    baton: z.nullish(
      z.strictObject(batonSection, {
        error: (issue) =>
          issue.code === "unrecognized_keys"
            ? `unknown setting; the known ones are ${Object.keys(FILE_KEYS).join(", ")}`
            : "must be a mapping of settings, e.g. redis_url: redis://localhost:6379/0",
      }),
    ),
  },
  'must be a mapping of settings, e.g. "coordination: redis"',
);
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
