import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const client = fileURLToPath(new URL("./fixtures/tls-client.mjs", import.meta.url));
let dir: string;
let server: RedisServer;
let url: string;

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it. */
function makeCertificates(): void {
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  ssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=baton test CA",
  );
  ssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1\n");
  ssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "1",
    "-extfile",
    "ext.cnf",
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "baton-tls-"));
  makeCertificates();
  const tlsPort = await freePort();
  server = await startRedis({
    args: [
      "--port",
      "0",
      "--tls-port",
      String(tlsPort),
      "--tls-cert-file",
      join(dir, "server.pem"),
      "--tls-key-file",
      join(dir, "server.key"),
      "--tls-ca-cert-file",
      join(dir, "ca.pem"),
      "--tls-auth-clients",
      "no",
    ],
  });
  url = `rediss://127.0.0.1:${tlsPort}`;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function runClient(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out = spawnSync(process.execPath, [client, url], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return JSON.parse(out.stdout) as Record<string, unknown>;
}

describe("rediss:// (TLS)", () => {
  it("takes and releases a lock over TLS when the server's CA is trusted", () => {
    expect(runClient({ NODE_EXTRA_CA_CERTS: join(dir, "ca.pem") })).toEqual({
      acquired: true,
      released: "done",
    });
  });

  it("refuses an untrusted certificate with BACKEND_UNAVAILABLE naming the cause", () => {
    const result = runClient({ NODE_EXTRA_CA_CERTS: "" });
    expect(result.code).toBe("BACKEND_UNAVAILABLE");
    expect(result.message).toMatch(
      new RegExp(`^Redis at ${url.replace(/\./g, "\\.")} is unavailable \\(.*certificate`),
    );
  });
});
