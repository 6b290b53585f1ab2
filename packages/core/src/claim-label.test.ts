import { describe, expect, it } from "vitest";
import { claimLabel, repoPrefix } from "./claim-label.js";
import { parseIssueNumber } from "./claims.js";
import { parseGitHubRepo } from "./git.js";

describe("claim labels", () => {
  it.each([
    ["acme/nhl-api", "NHL"],
    ["anthropics/claude-power-pack", "CPP"],
    ["acme/baton", "BATON"],
    ["acme/api", "API"],
    ["acme/my_web_app", "MY"],
    ["acme/data-pipeline-service", "DP"],
  ])("%s → %s", (repo, prefix) => {
    expect(repoPrefix(repo)).toBe(prefix);
  });

  it("formats PREFIX #N: title", () => {
    expect(claimLabel("acme/nhl-api", 42, "Fix auth")).toBe("NHL #42: Fix auth");
  });

  it("parses issue numbers and rejects the rest", () => {
    expect(parseIssueNumber(42)).toBe(42);
    expect(parseIssueNumber("#7")).toBe(7);
    for (const bad of [0, -1, 1.5, "abc", "", "4 2"])
      expect(() => parseIssueNumber(bad)).toThrow(/positive whole number/);
  });
});

describe("parseGitHubRepo", () => {
  it.each([
    ["https://github.com/acme/nhl-api.git", "acme/nhl-api"],
    ["https://github.com/acme/nhl-api", "acme/nhl-api"],
    ["https://user:token@github.com/acme/nhl-api.git", "acme/nhl-api"],
    ["git@github.com:acme/nhl-api.git", "acme/nhl-api"],
    ["ssh://git@github.com/acme/nhl-api.git", "acme/nhl-api"],
    ["ssh://git@github.com:22/acme/repo.name.git", "acme/repo.name"],
  ])("%s → %s", (url, repo) => {
    expect(parseGitHubRepo(url)).toBe(repo);
  });

  it("returns null for other hosts", () => {
    expect(parseGitHubRepo("https://gitlab.com/acme/x.git")).toBeNull();
    expect(parseGitHubRepo("/srv/git/x.git")).toBeNull();
  });
});
