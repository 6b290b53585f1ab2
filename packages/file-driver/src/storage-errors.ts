import { BackendUnavailableError, StorageError } from "@agent-baton/core";

const WHAT_TO_DO: Record<string, string> = {
  ENOSPC: "the disk is full; free some space",
  EDQUOT: "the disk quota is exhausted; free some space",
  EROFS: "the file system is read-only; set COORDINATION_DIR to a writable directory",
  EACCES: "permission denied; fix its permissions or set COORDINATION_DIR to a directory you own",
  EPERM: "permission denied; fix its permissions or set COORDINATION_DIR to a directory you own",
  ENOTDIR: "a file stands where a directory should be; move it away or set COORDINATION_DIR",
  ENOENT: "no directory can be made there; set COORDINATION_DIR to a directory on a writable disk",
};

export function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** A failed write as core's StorageError: which path, why, what to do. The old state stands. */
export function storageError(action: string, path: string, error: unknown): StorageError {
  const code = errnoOf(error) ?? "error";
  const advice = WHAT_TO_DO[code] ?? (error as Error).message;
  return new StorageError(`file driver: cannot ${action} ${path} (${code}): ${advice}`, { cause: error });
}

/** The coordination directory itself is unusable, as core's BackendUnavailableError. */
export function unavailableError(path: string, error: unknown): BackendUnavailableError {
  const code = errnoOf(error) ?? "error";
  const advice = WHAT_TO_DO[code] ?? (error as Error).message;
  return new BackendUnavailableError(`file driver: cannot use directory ${path} (${code}): ${advice}`, {
    cause: error,
  });
}
