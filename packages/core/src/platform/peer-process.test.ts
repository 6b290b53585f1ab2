import { spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PROBES } from "../../test/real-processes.js";

const servers: Server[] = [];
const clients: Array<{ kill: () => void }> = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.kill();
  for (const s of servers.splice(0)) s.close();
});

/** A loopback server on `host`; resolves each accepted socket in turn. */
async function listen(host: string): Promise<{ port: number; accepted: () => Promise<Socket> }> {
  const waiting: Array<(s: Socket) => void> = [];
  const server = createServer((socket) => waiting.shift()?.(socket));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as { port: number }).port;
  return { port, accepted: () => new Promise((r) => waiting.push(r)) };
}

/** Another process that connects to the server and stays connected until the test ends. */
function connectFromChild(host: string, port: number): number {
  const child = spawn(
    process.execPath,
    ["-e", `require("node:net").connect(${port}, ${JSON.stringify(host)}); setInterval(() => {}, 1e6)`],
    { stdio: "ignore" },
  );
  clients.push(child);
  return child.pid!;
}

describe.each(PROBES)("peer process of a loopback connection, $name probe", (probe) => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::1", "::1"],
    ["::", "127.0.0.1"],
  ])("finds the child process that connected to a server on %s over %s", async (listenOn, connectTo) => {
    const server = await listen(listenOn);
    const accepted = server.accepted();
    const pid = connectFromChild(connectTo, server.port);
    expect(await probe.peerProcess(await accepted)).toBe(pid);
  });

  it("finds this process when it is its own client", async () => {
    const server = await listen("127.0.0.1");
    const accepted = server.accepted();
    const { connect } = await import("node:net");
    const socket = connect(server.port, "127.0.0.1");
    clients.push({ kill: () => socket.destroy() });
    expect(await probe.peerProcess(await accepted)).toBe(process.pid);
  });

  it("finds nobody for a connection that is not loopback or has no ports", async () => {
    expect(
      await probe.peerProcess({ localPort: 8082, remoteAddress: "10.0.0.7", remotePort: 50000 }),
    ).toBeNull();
    expect(await probe.peerProcess({ remoteAddress: "127.0.0.1" })).toBeNull();
  });

  it("finds nobody once the client has gone", async () => {
    const server = await listen("127.0.0.1");
    const accepted = server.accepted();
    connectFromChild("127.0.0.1", server.port);
    const socket = await accepted;
    for (const c of clients.splice(0)) c.kill();
    await new Promise((r) => socket.once("close", r));
    expect(await probe.peerProcess(socket)).toBeNull();
  });
});
