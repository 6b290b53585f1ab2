/**
 * The rule of every config field, in plain data: loadConfig checks values against it without
 * loading zod (the CLI's cold start runs on every prompt), and BatonConfigSchema is built from it.
 */
export const BACKENDS = ["file", "redis"] as const;
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

export type ConfigRule =
  | { kind: "enum"; values: readonly string[] }
  | { kind: "int"; min: number; max: number }
  | { kind: "string"; pattern?: RegExp; hint?: string };

const seconds = (min: number, max: number) => ({ kind: "int", min, max }) as const;

export const CONFIG_RULES = {
  backend: { kind: "enum", values: BACKENDS },
  redisUrl: { kind: "string", pattern: /^\S+$/, hint: "a URL without spaces, e.g. redis://localhost:6379/0" },
  keyPrefix: {
    kind: "string",
    pattern: /^[A-Za-z0-9_.:-]{1,64}$/,
    hint: "letters, digits and _ . : - only, at most 64",
  },
  coordinationDir: { kind: "string", pattern: /^.+$/, hint: "a directory path" },
  defaultLockTimeout: seconds(1, 86_400),
  heartbeatTtl: seconds(5, 86_400),
  activeThreshold: seconds(1, 31_536_000),
  idleThreshold: seconds(1, 31_536_000),
  staleThreshold: seconds(1, 31_536_000),
  abandonedThreshold: seconds(1, 31_536_000),
  logLevel: { kind: "enum", values: LOG_LEVELS },
  serverPort: { kind: "int", min: 0, max: 65_535 },
  mcpHost: { kind: "string", pattern: /^\S+$/, hint: "a host name or address" },
  pytestLockTimeout: seconds(1, 86_400),
} as const satisfies Record<string, ConfigRule>;

export type ConfigField = keyof typeof CONFIG_RULES;

/** Why `value` breaks the rule, or null when it is fine. */
export function ruleViolation(rule: ConfigRule, value: unknown): string | null {
  switch (rule.kind) {
    case "enum":
      return typeof value === "string" && rule.values.includes(value)
        ? null
        : `must be one of ${rule.values.join(", ")}`;
    case "int":
      return Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max
        ? null
        : `must be a whole number from ${rule.min} to ${rule.max}`;
    default:
      return typeof value === "string" && (rule.pattern?.test(value) ?? true)
        ? null
        : `must be ${rule.hint ?? "text"}`;
  }
}
