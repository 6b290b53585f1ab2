import { describe, expect, it } from "vitest";
import {
  BackendUnavailableError,
  BatonError,
  ERROR_CODES,
  EXIT_CODES,
  exitCodeOf,
  InvalidInputError,
  LockHeldError,
  TimeoutError,
} from "./errors.js";

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

  it("are recognised across two copies of the module, where instanceof fails", () => {
    const foreign = Object.assign(new Error("held"), {
      [Symbol.for("agent-baton.error")]: true,
      code: "LOCK_HELD",
    });
    expect(foreign instanceof BatonError).toBe(false);
    expect(BatonError.isInstance(foreign)).toBe(true);
    expect(BatonError.isInstance(new Error("x"))).toBe(false);
    expect(BatonError.isInstance(null)).toBe(false);
  });

  it("map to the documented exit codes: 1 held, 2 input, 3 timeout, 4 backend", () => {
    expect(exitCodeOf(new LockHeldError("held"))).toBe(1);
    expect(exitCodeOf(new InvalidInputError("bad"))).toBe(2);
    expect(exitCodeOf(new TimeoutError("late"))).toBe(3);
    expect(exitCodeOf(new BackendUnavailableError("down"))).toBe(4);
    expect(exitCodeOf(new Error("other"))).toBe(1);
    for (const code of ERROR_CODES) expect([1, 2, 3, 4]).toContain(EXIT_CODES[code]);
  });
});
