/** Stable error codes: the CLI maps them to exit codes, the MCP server to `isError` results. */
export const ERROR_CODES = [
  "INVALID_INPUT",
  "INVALID_CONFIG",
  "LOCK_HELD",
  "CLAIM_HELD",
  "NOT_OWNER",
  "NOT_FOUND",
  "TIMEOUT",
  "BACKEND_UNAVAILABLE",
  "STORAGE_ERROR",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The root of baton's errors. `code` is stable; `message` is one line that says what was wrong and
 * what to do. Each class has its own `Symbol.for` mark, so `X.isInstance(e)` recognises an X (or a
 * subclass of X) even when it comes from another installed copy of core, where `instanceof` fails.
 */
export class BatonError extends Error {
  /** This class's mark; every subclass declares its own. The root keeps the mark of earlier versions. */
  static readonly mark: symbol = Symbol.for("agent-baton.error");
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BatonError";
    this.code = code;
    // marks the instance with the mark of its class and of every class above it up to BatonError
    for (let c: object = new.target; c !== Error; c = Object.getPrototypeOf(c)) {
      Object.defineProperty(this, (c as typeof BatonError).mark, { value: true });
    }
  }

  /** Whether `error` is an instance of the class this is called on, from this copy of core or another. */
  static isInstance<T extends { readonly mark: symbol; readonly prototype: BatonError }>(
    this: T,
    error: unknown,
  ): error is T["prototype"] {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance is called on, each with its own mark
    const mark = this.mark;
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[mark] === true;
  }
}

const mark = (name: string) => Symbol.for(`agent-baton.error.${name}`);

/** An argument, a name, a TTL or a session id was not acceptable. Nothing was changed. */
export class InvalidInputError extends BatonError {
  static override readonly mark = mark("InvalidInputError");
  /** The argument that was wrong, e.g. `lock_name` or `ttl`. */
  readonly field: string | undefined;
  constructor(message: string, options?: { cause?: unknown; field?: string }) {
    super("INVALID_INPUT", message, options);
    this.name = "InvalidInputError";
    this.field = options?.field;
  }
}

/** A config file or environment variable is invalid. The message names the file, field and reason. */
export class ConfigError extends BatonError {
  static override readonly mark = mark("ConfigError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("INVALID_CONFIG", message, options);
    this.name = "ConfigError";
  }
}

/** The lock is held by another session. */
export class LockHeldError extends BatonError {
  static override readonly mark = mark("LockHeldError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("LOCK_HELD", message, options);
    this.name = "LockHeldError";
  }
}

/** The issue is claimed by another live session. */
export class ClaimHeldError extends BatonError {
  static override readonly mark = mark("ClaimHeldError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("CLAIM_HELD", message, options);
    this.name = "ClaimHeldError";
  }
}

/** The caller does not hold what it tried to release or extend. */
export class NotOwnerError extends BatonError {
  static override readonly mark = mark("NotOwnerError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("NOT_OWNER", message, options);
    this.name = "NotOwnerError";
  }
}

/** The lock, session or claim does not exist. */
export class NotFoundError extends BatonError {
  static override readonly mark = mark("NotFoundError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("NOT_FOUND", message, options);
    this.name = "NotFoundError";
  }
}

/** Waiting ran out before the lock became free. */
export class TimeoutError extends BatonError {
  static override readonly mark = mark("TimeoutError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("TIMEOUT", message, options);
    this.name = "TimeoutError";
  }
}

/** The backend cannot be reached (Redis down, directory unreadable). Nothing was half-written. */
export class BackendUnavailableError extends BatonError {
  static override readonly mark = mark("BackendUnavailableError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("BACKEND_UNAVAILABLE", message, options);
    this.name = "BackendUnavailableError";
  }
}

/** The backend was reached but could not store a change (disk full, read-only). The old state stands. */
export class StorageError extends BatonError {
  static override readonly mark = mark("StorageError");
  constructor(message: string, options?: { cause?: unknown }) {
    super("STORAGE_ERROR", message, options);
    this.name = "StorageError";
  }
}

/** Exit codes of the CLI, SPEC §4: 0 ok, 1 held/refused, 2 bad input, 3 timed out, 4 backend unavailable. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  INVALID_INPUT: 2,
  INVALID_CONFIG: 2,
  LOCK_HELD: 1,
  CLAIM_HELD: 1,
  NOT_OWNER: 1,
  NOT_FOUND: 1,
  TIMEOUT: 3,
  BACKEND_UNAVAILABLE: 4,
  STORAGE_ERROR: 4,
};

/** The exit code for any thrown value: a BatonError's by its code, anything else 1. */
export function exitCodeOf(error: unknown): number {
  return BatonError.isInstance(error) ? EXIT_CODES[error.code] : 1;
}
