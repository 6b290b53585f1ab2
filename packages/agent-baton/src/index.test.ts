import * as core from "@agent-baton/core";
import { createFileDriver } from "@agent-baton/file-driver";
import { createRedisDriver } from "@agent-baton/redis-driver";
import { expect, it } from "vitest";
import * as umbrella from "./index.js";

it("re-exports every export of core as the same value", () => {
  const exported = new Map(Object.entries(umbrella));
  for (const [name, value] of Object.entries(core)) expect(exported.get(name), name).toBe(value);
});

it("exports both driver factories and openCoordinator", () => {
  expect(umbrella.createFileDriver).toBe(createFileDriver);
  expect(umbrella.createRedisDriver).toBe(createRedisDriver);
  expect(typeof umbrella.openCoordinator).toBe("function");
});
