import { ConfigError } from "@agent-baton/core";

/** Where and how to connect, parsed from a Redis URL. */
export interface RedisTarget {
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  db: number;
  tls: boolean;
  /** `redis+cluster://` or `rediss+cluster://`: the host is a seed node of a Redis Cluster. */
  cluster: boolean;
  /** The URL with its password replaced by `***`, for messages and health. */
  redacted: string;
}

const SCHEMES: Record<string, { tls: boolean; cluster: boolean }> = {
  "redis:": { tls: false, cluster: false },
  "rediss:": { tls: true, cluster: false },
  "redis+cluster:": { tls: false, cluster: true },
  "rediss+cluster:": { tls: true, cluster: true },
};

/** Replaces the password of a URL-like string with `***`, even when it does not parse. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}

/**
 * Parses `redis://[user:password@]host[:port][/db]`, `rediss://` (TLS) and the `+cluster` forms.
 * Anything else is a config error naming the URL without its password.
 */
export function parseRedisUrl(url: string): RedisTarget {
  const redacted = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ConfigError(`REDIS_URL ${redacted} is not a URL; use redis://[user:password@]host:port[/db]`, {
      cause,
    });
  }
  const scheme = SCHEMES[parsed.protocol];
  if (!scheme) {
    throw new ConfigError(
      `REDIS_URL ${redacted} has scheme ${parsed.protocol}; use redis://, rediss:// or redis+cluster://`,
    );
  }
  const dbText = parsed.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) {
    throw new ConfigError(`REDIS_URL ${redacted} names database "${dbText}"; use a number, e.g. /0`);
  }
  if (scheme.cluster && db !== 0) {
    throw new ConfigError(`REDIS_URL ${redacted} names database ${db}; Redis Cluster has only database 0`);
  }
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    username: parsed.username === "" ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === "" ? undefined : decodeURIComponent(parsed.password),
    db,
    tls: scheme.tls,
    cluster: scheme.cluster,
    redacted,
  };
}
