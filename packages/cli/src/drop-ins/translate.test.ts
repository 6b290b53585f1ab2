import { describe, expect, it } from "vitest";
import { translate } from "./translate.js";

describe("drop-in argument translation", () => {
  it.each([
    [
      ["acquire", "pytest"],
      ["lock", "acquire", "pytest", "--wait", "120"],
    ],
    [
      ["acquire", "pytest", "30"],
      ["lock", "acquire", "pytest", "--wait", "30"],
    ],
    [
      ["release", "pytest"],
      ["lock", "release", "pytest"],
    ],
    [
      ["check", "pytest", "--json"],
      ["lock", "check", "pytest", "--json"],
    ],
    [
      ["wait", "pytest", "5"],
      ["lock", "wait", "pytest", "--wait", "5"],
    ],
    [["list"], ["lock", "list"]],
    [
      ["list", "issue:*"],
      ["lock", "list", "issue:*"],
    ],
    [
      ["extend", "pytest", "600"],
      ["lock", "extend", "pytest", "--ttl", "600"],
    ],
    [["cleanup"], ["session", "cleanup"]],
  ])("session-lock %j → baton %j", (argv, expected) => {
    expect(translate("session-lock", argv)).toEqual(expected);
  });

  it.each([
    [["start"], ["session", "start"]],
    [
      ["start", '{"task":"x"}'],
      ["session", "start", "--metadata", '{"task":"x"}'],
    ],
    [
      ["end", "--session", "s1"],
      ["session", "end", "--session", "s1"],
    ],
    [
      ["claim", "42", "Fix auth"],
      ["claim", "42", "Fix auth"],
    ],
  ])("session-register %j → baton %j", (argv, expected) => {
    expect(translate("session-register", argv)).toEqual(expected);
  });

  it.each([
    [[], ["heartbeat", "touch"]],
    [["daemon"], ["heartbeat", "daemon"]],
    [
      ["age", "--json"],
      ["heartbeat", "age", "--json"],
    ],
  ])("session-heartbeat %j → baton %j", (argv, expected) => {
    expect(translate("session-heartbeat", argv)).toEqual(expected);
  });

  it.each([
    [["42"], ["claim", "42"]],
    [
      ["42", "Fix", "auth"],
      ["claim", "42", "Fix auth"],
    ],
    [["--release"], ["claim", "--release"]],
    [
      ["--check", "42"],
      ["claim", "--check", "42"],
    ],
    [
      ["--status", "--json"],
      ["claim", "--status", "--json"],
    ],
  ])("claim-issue %j → baton %j", (argv, expected) => {
    expect(translate("claim-issue", argv)).toEqual(expected);
  });

  it("rejects what the original did not accept, with its usage", () => {
    expect(() => translate("session-lock", ["acquire"])).toThrow(/usage: session-lock acquire NAME/);
    expect(() => translate("session-heartbeat", ["sprint"])).toThrow(/usage: session-heartbeat/);
    expect(() => translate("claim-issue", [])).toThrow(/usage: claim-issue/);
  });
});
