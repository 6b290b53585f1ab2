import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WORKSPACE } from "./registry/publish.js";
import { run } from "./registry/run.js";

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const CHANGESET_BIN = join(WORKSPACE, "node_modules", ".bin", "changeset");
let repo: string;
const before = new Map<string, Manifest>();
const read = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(repo, "packages", dir, "package.json"), "utf8"));
const dirs = () => readdirSync(join(repo, "packages"));
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@e.x",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@e.x",
};

beforeAll(async () => {
  // a copy of the workspace's manifests and changesets config: `changeset version` touches nothing else
  repo = mkdtempSync(join(tmpdir(), "baton-release-"));
  for (const file of ["package.json", "pnpm-workspace.yaml", ".npmrc"])
    copyFileSync(join(WORKSPACE, file), join(repo, file));
  mkdirSync(join(repo, ".changeset"));
  copyFileSync(join(WORKSPACE, ".changeset", "config.json"), join(repo, ".changeset", "config.json"));
  for (const dir of readdirSync(join(WORKSPACE, "packages"))) {
    try {
      const manifest = readFileSync(join(WORKSPACE, "packages", dir, "package.json"), "utf8");
      mkdirSync(join(repo, "packages", dir), { recursive: true });
      writeFileSync(join(repo, "packages", dir, "package.json"), manifest);
      before.set(dir, JSON.parse(manifest));
    } catch {
      // not a package folder
    }
  }
  await run("git", ["init", "-q", "-b", "main"], { cwd: repo, env });
  await run("git", ["add", "."], { cwd: repo, env });
  await run("git", ["commit", "-q", "-m", "workspace"], { cwd: repo, env });
  writeFileSync(
    join(repo, ".changeset", "core-minor.md"),
    '---\n"@agent-baton/core": minor\n---\n\nA sample feature in core.\n',
  );
  await run(CHANGESET_BIN, ["version"], { cwd: repo, env, timeoutMs: 60_000 });
}, 120_000);

afterAll(() => rmSync(repo, { recursive: true, force: true }));

it("a minor changeset for core takes core from its version to the next minor", () => {
  const was = before.get("core") as Manifest;
  const [major, minor] = was.version.split(".").map(Number) as [number, number];
  expect(read("core").version).toBe(`${major}.${minor + 1}.0`);
  expect(readFileSync(join(repo, "packages", "core", "CHANGELOG.md"), "utf8")).toContain(
    "A sample feature in core.",
  );
});

it("gives every published dependent of core a patch, not a major, and keeps its workspace:^ range", () => {
  const dependents = [...before].filter(([, m]) => !m.private && m.dependencies?.["@agent-baton/core"]);
  expect(dependents.map(([, m]) => m.name).sort()).toEqual(
    expect.arrayContaining([
      "@agent-baton/cli",
      "@agent-baton/mcp-server",
      "@agent-baton/pytest-locked",
      "agent-baton",
    ]),
  );
  for (const [dir, was] of dependents) {
    const [major, minor, patch] = was.version.split(".").map(Number) as [number, number, number];
    const now = read(dir);
    expect(now.version, dir).toBe(`${major}.${minor}.${patch + 1}`);
    expect(now.dependencies?.["@agent-baton/core"], dir).toBe("workspace:^");
  }
});

it("leaves private packages untouched", () => {
  const privates = [...before].filter(([, m]) => m.private);
  expect(privates.length).toBeGreaterThan(0);
  for (const [dir, was] of privates) expect(read(dir), dir).toEqual(was);
});

it("publishes a dependent with core's range resolved to ^<new core version>, as pnpm publish writes it", async () => {
  const out = mkdtempSync(join(tmpdir(), "baton-pack-"));
  try {
    const cliDir = dirs().find((d) => read(d).name === "@agent-baton/cli") as string;
    // pnpm resolves workspace: ranges from the linked packages pnpm install would have made
    const cli = read(cliDir);
    const workspaceDeps = Object.keys({ ...cli.dependencies, ...cli.devDependencies });
    for (const dep of workspaceDeps.filter((d) => d.startsWith("@agent-baton/"))) {
      const target = dirs().find((d) => read(d).name === dep) as string;
      mkdirSync(join(repo, "packages", cliDir, "node_modules", "@agent-baton"), { recursive: true });
      symlinkSync(join(repo, "packages", target), join(repo, "packages", cliDir, "node_modules", dep));
    }
    await run("npx", ["-y", "pnpm@10.34.9", "pack", "--pack-destination", out], {
      cwd: join(repo, "packages", cliDir),
      env,
      timeoutMs: 120_000,
    });
    const tarball = readdirSync(out).find((f) => f.endsWith(".tgz")) as string;
    await run("tar", ["-xzf", tarball], { cwd: out, env });
    const packed = JSON.parse(readFileSync(join(out, "package", "package.json"), "utf8")) as Manifest;
    expect(packed.version).toBe(read(cliDir).version);
    expect(packed.dependencies?.["@agent-baton/core"]).toBe(`^${read("core").version}`);
    expect(packed.dependencies?.["@agent-baton/file-driver"]).toBe(`^${read("file-driver").version}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
