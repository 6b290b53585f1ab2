import { describe, expect, it } from "vitest";
import { DEFAULTS } from "./config.js";
import type { Driver } from "./driver.js";
import { type DriverModule, driverLoader } from "./open.js";

describe("driverLoader", () => {
  it("imports only the backend the config names and passes how the driver is used", async () => {
    const imported: string[] = [];
    const module =
      (name: string): (() => Promise<DriverModule>) =>
      async () => {
        imported.push(name);
        return {
          driverFromConfig: (config, use) =>
            ({ name, location: `${config.backend}:${use?.longRunning}` }) as unknown as Driver,
        };
      };
    const load = driverLoader({ file: module("file"), redis: module("redis") }, { longRunning: true });
    const driver = await load({ ...DEFAULTS, coordinationDir: "/x", backend: "redis" });
    expect(driver.location).toBe("redis:true");
    expect(imported).toEqual(["redis"]);
  });
});
