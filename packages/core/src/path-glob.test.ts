import { describe, expect, it } from "vitest";
import { globsOverlap, pathMatches } from "./path-glob.js";

describe("path globs", () => {
  it.each([
    ["src/api/auth.ts", "src/api/auth.ts", true],
    ["src/api/auth.ts", "src/api/user.ts", false],
    ["src/*.ts", "src/auth.ts", true],
    ["src/*.ts", "src/api/auth.ts", false],
    ["src/**", "src/api/deep/auth.ts", true],
    ["src/**", "src", true],
    ["src/**/*.ts", "src/auth.ts", true],
    ["src/**/*.ts", "src/a/b/auth.ts", true],
    ["src/**/*.ts", "src/a/b/auth.js", false],
    ["**/auth.ts", "auth.ts", true],
    ["**/auth.ts", "lib/x/auth.ts", true],
    ["*", ".env", true],
    ["file?.md", "file1.md", true],
    ["file?.md", "file10.md", false],
    ["[a-c]*.ts", "b.ts", true],
    ["[a-c]*.ts", "d.ts", false],
    ["[!a-c]*.ts", "d.ts", true],
    ["[!a-c]*.ts", "a.ts", false],
    ["weird\\*name", "weird*name", true],
    ["weird\\*name", "weirdXname", false],
  ])("%s matches %s: %s", (glob, path, expected) => {
    expect(pathMatches(glob, path)).toBe(expected);
  });

  it("a path with glob characters in it is matched literally", () => {
    expect(pathMatches("docs/[draft]*.md", "docs/d.md")).toBe(true);
    expect(pathMatches("docs/*.md", "docs/[draft] notes.md")).toBe(true);
    expect(pathMatches("docs/a.md", "docs/[draft] notes.md")).toBe(false);
  });

  it.each([
    ["src/**", "src/api/auth.ts", true],
    ["src/**", "lib/**", false],
    ["src/*.ts", "src/api/*.ts", false],
    ["src/**/*.ts", "src/api/*.ts", true],
    ["src/a*.ts", "src/*b.ts", true],
    ["src/a*.ts", "src/b*.ts", false],
    ["src/*.ts", "src/*.js", false],
    ["**/test/**", "src/**/*.ts", true],
    ["**", "anything/at/all", true],
    ["*/config.yml", "**/config.yml", true],
    ["*/config.yml", "config.yml", false],
    ["[a-c]x", "[b-d]x", true],
    ["[a-c]x", "[d-f]x", false],
    ["[!a]x", "ax", false],
    ["[!a]x", "[ab]x", true],
    ["?", "ab", false],
    ["??", "a*", true],
    ["a/**/b/**/c", "a/b/c", true],
    ["a/**/b/**/c", "a/c", false],
  ])("%s and %s overlap: %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });
});
