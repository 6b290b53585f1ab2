import { describe, expect, it } from "vitest";
import {
  BackendUnavailableError,
  BatonError,
  ClaimHeldError,
  ConfigError,
  ERROR_CODES,
  EXIT_CODES,
  exitCodeOf,
  InvalidInputError,
  LockHeldError,
  NotFoundError,
  NotOwnerError,
  StorageError,
  TimeoutError,
} from "./errors.js";

const CLASSES = [
  [InvalidInputError, () => new InvalidInputError("bad", { field: "ttl" })],
  [ConfigError, () => new ConfigError("bad config")],
  [LockHeldError, () => new LockHeldError("held")],
  [ClaimHeldError, () => new ClaimHeldError("claimed")],
  [NotOwnerError, () => new NotOwnerError("not yours")],
  [NotFoundError, () => new NotFoundError("gone")],
  [TimeoutError, () => new TimeoutError("late")],
  [BackendUnavailableError, () => new BackendUnavailableError("down")],
  [StorageError, () => new StorageError("disk full")],
] as const;

/** What another installed copy of core makes: same marks, other classes. */
function fromOtherCopy(error: BatonError): object {
  const copy = Object.assign(new Error(error.message), { code: error.code });
  for (const key of Object.getOwnPropertySymbols(error)) {
    Object.defineProperty(copy, key, { value: (error as unknown as Record<symbol, unknown>)[key] });
  }
  return copy;
}

describe("errors", () => {
  it("carry a stable code and the cause", () => {
    const cause = new Error("ECONNREFUSED");
    const error = new BackendUnavailableError("redis at redis://127.0.0.1:1 is unreachable: ECONNREFUSED", {
      cause,
    });
    expect(error.code).toBe("BACKEND_UNAVAILABLE");
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(BatonError);
  });

  it("each class answers isInstance for itself only; BatonError for all of them", () => {
    for (const [cls, make] of CLASSES) {
      const error = make();
      expect(BatonError.isInstance(error), cls.name).toBe(true);
      for (const [other] of CLASSES)
        expect(other.isInstance(error), `${other.name}(${cls.name})`).toBe(other === cls);
    }
    expect(LockHeldError.isInstance(new NotOwnerError("x"))).toBe(false);
    expect(InvalidInputError.isInstance(new BatonError("INVALID_INPUT", "plain"))).toBe(false);
  });

  it("are recognised across two copies of the module, where instanceof fails", () => {
    for (const [cls, make] of CLASSES) {
      const foreign = fromOtherCopy(make());
      expect(foreign instanceof BatonError).toBe(false);
      expect(BatonError.isInstance(foreign)).toBe(true);
      expect(cls.isInstance(foreign)).toBe(true);
    }
    // an error from a copy of core older than the per-class marks
    const old = Object.assign(new Error("held"), {
      [Symbol.for("agent-baton.error")]: true,
      code: "LOCK_HELD",
    });
    expect(BatonError.isInstance(old)).toBe(true);
    expect(LockHeldError.isInstance(old)).toBe(false);
    for (const value of [new Error("x"), null, undefined, "INVALID_INPUT", { code: "LOCK_HELD" }]) {
      expect(BatonError.isInstance(value)).toBe(false);
    }
  });

  it("narrow to the class's own fields", () => {
    const error: unknown = new InvalidInputError("bad ttl", { field: "ttl" });
    expect(InvalidInputError.isInstance(error) ? error.field : null).toBe("ttl");
  });

  it("map to the documented exit codes: 1 held, 2 input, 3 timeout, 4 backend", () => {
    expect(exitCodeOf(new LockHeldError("held"))).toBe(1);
    expect(exitCodeOf(new InvalidInputError("bad"))).toBe(2);
    expect(exitCodeOf(new ConfigError("bad"))).toBe(2);
    expect(exitCodeOf(new TimeoutError("late"))).toBe(3);
    expect(exitCodeOf(new BackendUnavailableError("down"))).toBe(4);
    expect(exitCodeOf(new Error("other"))).toBe(1);
    expect(exitCodeOf(fromOtherCopy(new InvalidInputError("bad")))).toBe(2);
    for (const code of ERROR_CODES) expect([1, 2, 3, 4]).toContain(EXIT_CODES[code]);
  });
});
