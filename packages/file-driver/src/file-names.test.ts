import { describe, expect, it } from "vitest";
import { encodeName } from "./file-names.js";

describe("encodeName", () => {
  it("keeps a readable slug and never yields a path, a dot file or a Windows device name", () => {
    expect(encodeName("resource:pytest-api")).toMatch(/^resource_pytest-api-[0-9a-f]{24}$/);
    for (const name of ["../x", "/etc/passwd", "CON", "con", "NUL", ".", "..", "a\\b"]) {
      const encoded = encodeName(name);
      expect(encoded).toMatch(/^[a-z0-9_-]+-[0-9a-f]{24}$/);
      expect(encoded.split(".")[0]!.toUpperCase()).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/);
    }
  });

  it("tells apart names that differ only in case or in characters the slug drops", () => {
    const names = [
      "resource:A",
      "resource:a",
      "resource:a/b",
      "resource:a:b",
      "resource:a_b",
      "resource:a?b",
    ];
    const encoded = names.map(encodeName);
    expect(new Set(encoded.map((e) => e.toLowerCase())).size).toBe(names.length);
  });

  it("keeps the file names earlier versions wrote, so their records are still found", () => {
    expect(encodeName("resource:pytest-api")).toBe("resource_pytest-api-36ebe87cfef353e67d9893a7");
    expect(encodeName("é日本語🔒")).toBe("_-01569107ad2bdbe1d4a58d73");
  });

  it("stays under 255 bytes with the extension for a 200-character name", () => {
    expect(Buffer.byteLength(`${encodeName(`resource:${"x".repeat(191)}`)}.json.corrupt`)).toBeLessThan(255);
  });
});
