import { BackendUnavailableError, BatonError, StorageError } from "@agent-baton/core";
import type { RedisTarget } from "./redis-url.js";

const AUTH_FAILURE = /NOAUTH|WRONGPASS|NOPERM|invalid password|invalid username/i;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns whatever a Redis call threw into one of core's errors, naming the (redacted) URL:
 * refused authentication and lost connections are BACKEND_UNAVAILABLE, a reply Redis rejected is
 * STORAGE_ERROR. BatonErrors pass through.
 */
export function toBatonError(error: unknown, location: string, commandTimeoutMs?: number): BatonError {
  if (BatonError.isInstance(error)) return error;
  // ioredis's commandTimeout rejects with this bare text; say how long it waited.
  const message =
    messageOf(error) === "Command timed out" && commandTimeoutMs !== undefined
      ? `command timed out: no answer within ${commandTimeoutMs} ms`
      : messageOf(error);
  if (AUTH_FAILURE.test(message)) {
    return new BackendUnavailableError(
      `Redis at ${location} refused authentication (${message}); put the user and password in REDIS_URL as redis://user:password@host:port`,
      { cause: error },
    );
  }
  if ((error as { name?: string })?.name === "ReplyError") {
    return new StorageError(
      `Redis at ${location} rejected a baton command (${message}); check the server version (≥ 6.2) and its ACL`,
      {
        cause: error,
      },
    );
  }
  return new BackendUnavailableError(
    `Redis at ${location} is unavailable (${message}); check that it runs and that REDIS_URL is right`,
    { cause: error },
  );
}

/** The server refused the URL's database index: nothing can run there, and nothing was written. */
export function missingDatabase(target: RedisTarget, cause: Error): BackendUnavailableError {
  return new BackendUnavailableError(
    `Redis at ${target.redacted}: database ${target.db} does not exist on that server (${cause.message}); put a database it has in REDIS_URL (/0 to /15 on a default server)`,
    { cause },
  );
}
