import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findRepository, pathInWorktree, repositoryKeyOfUrl } from "./repository.js";
import { rootGlob } from "./reservations.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repoWithWorktree(origin?: string) {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "baton-repo-")));
  dirs.push(base);
  const main = join(base, "api");
  mkdirSync(main);
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe" });
  git(main, "init", "-q", "-b", "main");
  git(main, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first");
  if (origin) git(main, "remote", "add", "origin", origin);
  git(main, "worktree", "add", "-q", join(base, "wt"), "-b", "feature");
  return { base, main, linked: join(base, "wt") };
}

describe("repository keys", () => {
  it.each([
    ["https://github.com/acme/api.git", "github.com/acme/api"],
    ["https://user:pw@GitHub.com/acme/api/", "github.com/acme/api"],
    ["ssh://git@github.com:22/acme/api.git", "github.com/acme/api"],
    ["git@github.com:acme/api.git", "github.com/acme/api"],
    ["gitlab.example.org:group/sub/api", "gitlab.example.org/group/sub/api"],
    ["/src/api/.git", "/src/api"],
    ["file:///src/api", "/src/api"],
    ["../api", "/work/api"],
  ])("%s → %s", (url, key) => {
    expect(repositoryKeyOfUrl(url, "/work/clone")).toBe(key);
  });

  it("every worktree of a repository has one key; with an origin, clones share it too", async () => {
    const local = repoWithWorktree();
    const [main, linked] = await Promise.all([findRepository(local.main), findRepository(local.linked)]);
    expect(main).toMatchObject({ key: local.main, root: local.main, linked: false });
    expect(linked).toMatchObject({ key: local.main, root: local.linked, linked: true });

    const remote = repoWithWorktree("git@github.com:acme/api.git");
    expect((await findRepository(join(remote.linked)))?.key).toBe("github.com/acme/api");
    expect(await findRepository(tmpdir())).toBeNull();
  });

  it("paths and globs are taken relative to the worktree root, through symlinks", () => {
    const { base, linked } = repoWithWorktree();
    mkdirSync(join(linked, "src", "api"), { recursive: true });
    writeFileSync(join(linked, "src", "api", "auth.ts"), "x");
    symlinkSync(linked, join(base, "link"));
    expect(pathInWorktree(linked, join(base, "link", "src", "api", "auth.ts"))).toBe("src/api/auth.ts");
    expect(pathInWorktree(linked, join(linked, "src", "new", "file.ts"))).toBe("src/new/file.ts");
    expect(pathInWorktree(linked, join(base, "elsewhere.ts"))).toBeNull();

    const sub = join(linked, "src");
    expect(rootGlob("api/*.ts", linked, sub)).toBe("src/api/*.ts");
    expect(rootGlob("api", linked, sub)).toBe("src/api/**");
    expect(rootGlob("api/auth.ts", linked, sub)).toBe("src/api/auth.ts");
    expect(rootGlob("docs/", linked, linked)).toBe("docs/**");
    expect(rootGlob(join(linked, "src", "**"), linked, base)).toBe("src/**");
    expect(rootGlob(".", linked, linked)).toBe("**");
    expect(rootGlob("./a/../b/**/**/x", linked, linked)).toBe("b/**/x");
    expect(() => rootGlob("../outside/*", linked, linked)).toThrow(/outside the repository/);
    expect(() => rootGlob("src/*/../x", linked, linked)).toThrow(/no \. or \.\. after a wildcard/);
  });
});
