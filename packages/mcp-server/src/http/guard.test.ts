import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { checkBearer, checkOrigin, isLoopbackHost } from "./guard.js";

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const local = { host: "127.0.0.1", port: 8082 };

describe("HTTP guards", () => {
  it("knows loopback addresses from others", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "10.0.0.5", "::", "example.com"]) expect(isLoopbackHost(h)).toBe(false);
  });

  it("accepts localhost names with our port and refuses other hosts, ports and origins", () => {
    expect(checkOrigin(req({ host: "127.0.0.1:8082" }), local)).toBeNull();
    expect(checkOrigin(req({ host: "localhost:8082", origin: "http://localhost:8082" }), local)).toBeNull();
    expect(checkOrigin(req({ host: "[::1]:8082" }), local)).toBeNull();
    expect(checkOrigin(req({ host: "evil.example:8082" }), local)?.status).toBe(403);
    expect(checkOrigin(req({ host: "127.0.0.1:9999" }), local)?.status).toBe(403);
    expect(checkOrigin(req({ host: "127.0.0.1:8082", origin: "https://evil.example" }), local)?.status).toBe(
      403,
    );
    expect(checkOrigin(req({ host: "127.0.0.1:8082", origin: "null" }), local)?.status).toBe(403);
    expect(checkOrigin(req({}), local)?.message).toContain("Host");
  });

  it("accepts an extra origin only when it is listed exactly", () => {
    const listed = { ...local, allowedOrigins: ["http://localhost:6274"] };
    expect(checkOrigin(req({ host: "127.0.0.1:8082", origin: "http://localhost:6274" }), listed)).toBeNull();
    expect(checkOrigin(req({ host: "127.0.0.1:8082", origin: "http://localhost:6274" }), local)?.status).toBe(
      403,
    );
    expect(
      checkOrigin(req({ host: "127.0.0.1:8082", origin: "http://localhost:6275" }), listed)?.status,
    ).toBe(403);
  });

  it("requires the exact bearer token only when one is configured", () => {
    expect(checkBearer(req({}), local)).toBeNull();
    const guarded = { ...local, token: "t0ken" };
    expect(checkBearer(req({ authorization: "Bearer t0ken" }), guarded)).toBeNull();
    expect(checkBearer(req({ authorization: "bearer t0ken" }), guarded)).toBeNull();
    expect(checkBearer(req({ authorization: "Bearer t0ke" }), guarded)?.status).toBe(401);
    expect(checkBearer(req({ authorization: "Basic t0ken" }), guarded)?.status).toBe(401);
    expect(checkBearer(req({}), guarded)?.status).toBe(401);
  });
});
