import { describe, expect, it } from "vitest";
import { shortIds } from "./short-ids.js";

describe("shortIds", () => {
  it("keeps the minimum when the set tells ids apart that early", () => {
    const short = shortIds(["3f2a91c4-aaaa", "77ab01d2-bbbb", "c0ffee00-cccc"]);
    expect([...short.values()]).toEqual(["3f2a91", "77ab01", "c0ffee"]);
  });

  it("grows a prefix until no other id shares it", () => {
    const short = shortIds(["mcp-3f2a91c4", "mcp-3f2a95ee", "mcp-77ab01"]);
    expect(short.get("mcp-3f2a91c4")).toBe("mcp-3f2a91");
    expect(short.get("mcp-3f2a95ee")).toBe("mcp-3f2a95");
    expect(short.get("mcp-77ab01")).toBe("mcp-77");
  });

  it("keeps short ids whole, and an id that prefixes another whole", () => {
    const short = shortIds(["tmux-3", "abcdefgh", "abcdefghij", "abcdefghij"]);
    expect(short.get("tmux-3")).toBe("tmux-3");
    expect(short.get("abcdefgh")).toBe("abcdefgh");
    expect(short.get("abcdefghij")).toBe("abcdefghi");
    expect(short.size).toBe(3);
  });

  it("gives every id a prefix no other id of the set starts with", () => {
    const ids = Array.from({ length: 300 }, (_, i) => `s${(i * 7919).toString(16).padStart(8, "0")}`);
    const short = shortIds(ids, 1);
    for (const [id, prefix] of short) {
      expect(id.startsWith(prefix)).toBe(true);
      expect(ids.filter((other) => other !== id && other.startsWith(prefix))).toEqual([]);
    }
  });
});
