import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "./sha256.js";

const reference = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("sha256Hex", () => {
  it("gives node:crypto's digest for the FIPS examples, block edges and random text", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const samples = [
      "",
      "resource:bench",
      "../x",
      "CON",
      "é日本語🔒",
      "a".repeat(55),
      "a".repeat(56),
      "a".repeat(64),
    ];
    for (let length = 0; length < 200; length++) samples.push("x".repeat(length));
    for (let i = 0; i < 500; i++) {
      samples.push(
        String.fromCodePoint(
          ...Array.from({ length: Math.floor(Math.random() * 90) }, () => Math.floor(Math.random() * 0xd7ff)),
        ),
      );
    }
    for (const text of samples) expect(sha256Hex(text)).toBe(reference(text));
  });
});
