import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { PROBE_ENV, platformProbe, probeNameFor } from "./select.js";

describe("choosing the probe", () => {
  it("reads /proc on Linux and Android, asks ps everywhere else, when nothing forces it", () => {
    expect(probeNameFor({}, "linux")).toBe("linux");
    expect(probeNameFor({}, "android")).toBe("linux");
    expect(probeNameFor({ [PROBE_ENV]: "" }, "linux")).toBe("linux");
    for (const platform of ["darwin", "freebsd", "openbsd", "sunos", "aix", "win32"] as const) {
      expect(probeNameFor({}, platform)).toBe("portable");
    }
  });

  it("BATON_PLATFORM_PROBE forces either", () => {
    expect(probeNameFor({ [PROBE_ENV]: "portable" }, "linux")).toBe("portable");
    expect(probeNameFor({ [PROBE_ENV]: "linux" }, "linux")).toBe("linux");
  });

  it("refuses a value it does not know, saying what to set", () => {
    expect(() => probeNameFor({ [PROBE_ENV]: "macos" }, "linux")).toThrow(ConfigError);
    expect(() => probeNameFor({ [PROBE_ENV]: "macos" }, "linux")).toThrow(
      'BATON_PLATFORM_PROBE="macos" is not a probe: set it to linux or portable, or unset it',
    );
  });

  it("this run uses the probe its environment asks for", () => {
    expect(platformProbe().name).toBe(process.env[PROBE_ENV] === "portable" ? "portable" : "linux");
  });
});
