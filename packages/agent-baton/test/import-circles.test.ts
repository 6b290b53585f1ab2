import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const PACKAGES = fileURLToPath(new URL("../../", import.meta.url));

/** A package's source files, its tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .map((f) => join(dir, f));
}

/** The files of the same package that `file` imports, statically, as types or lazily. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, ".ts")))
    .filter((path) => existsSync(path));
}

/** Every loop of imports among `files`, each as the files in it, found by a depth-first walk. */
function circles(files: string[]): string[][] {
  const edges = new Map(files.map((f) => [f, importsOf(f)]));
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string) => {
    const at = path.indexOf(file);
    if (at >= 0) {
      found.push(path.slice(at));
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    for (const next of edges.get(file) ?? []) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return found;
}

describe("import circles", () => {
  const packages = readdirSync(PACKAGES).filter((p) => existsSync(join(PACKAGES, p, "src")));

  it.each(packages)("%s: no source file imports itself through others", (pkg) => {
    const src = join(PACKAGES, pkg, "src");
    const loops = circles(sources(src)).map((loop) => loop.map((f) => relative(src, f)).join(" -> "));
    expect(loops).toEqual([]);
  });

  it("finds a loop when there is one (the walk itself)", () => {
    const fixture = fileURLToPath(new URL("./fixtures/import-circle/", import.meta.url));
    const loops = circles(sources(fixture)).map((loop) => loop.map((f) => relative(fixture, f)));
    expect(loops).toEqual([["a.ts", "b.ts"]]);
  });
});
