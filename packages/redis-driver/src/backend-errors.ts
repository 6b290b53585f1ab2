import { BackendUnavailableError, BatonError, StorageError } from "@agent-baton/core";

const AUTH_FAILURE = /NOAUTH|WRONGPASS|NOPERM|invalid password|invalid username/i;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns whatever a Redis call threw into one of core's errors, naming the (redacted) URL:
 * refused authentication and lost connections are BACKEND_UNAVAILABLE, a reply Redis rejected is
 * STORAGE_ERROR. BatonErrors pass through.
 */
export function toBatonError(error: unknown, location: string): BatonError {
  if (BatonError.isInstance(error)) return error;
  const message = messageOf(error);
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
