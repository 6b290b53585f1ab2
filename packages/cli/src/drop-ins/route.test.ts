import { describe, expect, it } from "vitest";
import { routeDropIn } from "./drop-in-main.js";
import type { DropIn, Route } from "./route.js";

/** What a route runs, in words: the baton command, "own" for the drop-in's own action, or "help". */
const what = (route: Route) => ("baton" in route ? route.baton : "own" in route ? "own" : "help");
const routes = (bin: DropIn, cases: Array<[string[], string[] | "own" | "help"]>) =>
  it.each(cases)(`${bin} %j → %j`, (argv, expected) =>
    expect(what(routeDropIn(bin, argv))).toEqual(expected),
  );

describe("drop-in routes: the baton command where baton does the same, the drop-in's own action where the original differs", () => {
  routes("session-lock", [
    [["acquire", "build"], "own"],
    [["acquire", "build", "3600"], "own"],
    [["release", "build"], "own"],
    [["check", "build"], "own"],
    [["wait", "build", "60"], "own"],
    [["info", "build"], "own"],
    [["force-release", "build"], "own"],
    [["list"], ["lock", "list"]],
    [
      ["list", "issue:*", "--json"],
      ["lock", "list", "issue:*", "--json"],
    ],
    [["status"], ["status"]],
    [
      ["extend", "build", "600", "--session", "s1"],
      ["lock", "extend", "build", "--ttl", "600", "--session", "s1"],
    ],
    [["cleanup"], ["session", "cleanup"]],
    [["help"], "help"],
    [["acquire", "--help"], "help"],
    [["--version"], ["--version"]],
  ]);

  routes("session-register", [
    [
      ["start", '{"task":"x"}'],
      ["session", "start", "--metadata", '{"task":"x"}'],
    ],
    [["pause"], ["session", "pause"]],
    [
      ["end", "--backend=redis"],
      ["session", "end", "--backend", "redis"],
    ],
    [["claim", "acme/api", "7", "Tidy", "API"], "own"],
    [["claim", "", "7"], "own"],
    [["claim", "7", "Tidy"], "own"],
    [["release-claim"], ["claim", "--release"]],
    [["list-claims", "acme/api"], "own"],
    [["find-claim", "acme", "api", "7"], "own"],
    [["-h"], "help"],
  ]);

  routes("session-heartbeat", [
    [[], "own"],
    [["touch"], "own"],
    [["check", "other-session"], "own"],
    [["age"], "own"],
    [["daemon"], ["heartbeat", "daemon"]],
    [
      ["list", "--json"],
      ["heartbeat", "list", "--json"],
    ],
  ]);

  routes("claim-issue", [
    [["42", "Fix", "auth"], "own"],
    [["-r"], ["claim", "--release"]],
    [["--list"], ["claim", "--list"]],
    [
      ["-c", "42", "--repo", "acme/api"],
      ["claim", "--check", "42", "--repo", "acme/api"],
    ],
    [["-s"], ["claim", "--status"]],
    [["--help"], "help"],
  ]);

  it("refuses what the original's usage does not have, in one line naming the help", () => {
    const bad: Array<[DropIn, string[]]> = [
      ["session-lock", []],
      ["session-lock", ["acquire"]],
      ["session-lock", ["release", "a", "b"]],
      ["session-lock", ["acquire", "--session"]],
      ["session-register", ["claim", "acme/api"]],
      ["session-register", ["find-claim", "acme", "api"]],
      ["session-heartbeat", ["sprint"]],
      ["claim-issue", []],
      ["claim-issue", ["--check"]],
      ["claim-issue", ["--bogus"]],
    ];
    for (const [bin, argv] of bad)
      expect(() => routeDropIn(bin, argv)).toThrow(new RegExp(`see: ${bin} --help$`));
  });
});
