import { readdirSync, readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { defineScripts } from "./scripts.js";

const luaDir = new URL("../lua/", import.meta.url);
const files = readdirSync(luaDir).filter((f) => f.endsWith(".lua"));

describe("lua/ scripts", () => {
  it("each opens with its version line, then a header naming its KEYS, ARGV and what it returns", () => {
    for (const file of files) {
      const lua = readFileSync(new URL(file, luaDir), "utf8");
      const header = lua.slice(0, lua.indexOf("]]"));
      expect(lua, file).toMatch(/^-- version \d+\n--\[\[\n {2}[\w-]+: /);
      const keys = Number(/-(\d+)\.lua$/.exec(file)![1]);
      for (let k = 1; k <= keys; k++) expect(header, `${file} KEYS[${k}]`).toContain(`KEYS[${k}]`);
      expect(header, file).toMatch(/ARGV\[1\]/);
      expect(header, file).toMatch(/Returns /);
    }
  });

  it("are all registered on the client under names carrying their version", () => {
    const client = new Redis({ lazyConnect: true });
    defineScripts(client);
    for (const file of files) {
      const version = /^-- version (\d+)$/m.exec(readFileSync(new URL(file, luaDir), "utf8"))![1];
      const name = `baton:${file.replace(/\.lua$/, "")}:v${version}`;
      expect(typeof (client as unknown as Record<string, unknown>)[name], name).toBe("function");
    }
    client.disconnect();
  });
});
