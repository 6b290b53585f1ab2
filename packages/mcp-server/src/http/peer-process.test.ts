import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { peerProcessTree } from "./peer-process.js";

describe("peerProcessTree", () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  /** A loopback server and a child process (its grandchild, via sh) connected to it; resolves with the server's socket. */
  async function connectedChild() {
    let accepted!: (s: Socket) => void;
    const socket = new Promise<Socket>((r) => {
      accepted = r;
    });
    const server = createServer((s) => accepted(s));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const script = `require("node:net").connect(${port}, "127.0.0.1"); setInterval(() => {}, 1000)`;
    const shell = spawn("sh", ["-c", `${JSON.stringify(process.execPath)} -e '${script}' & wait`], {
      stdio: "ignore",
      detached: true,
    });
    cleanups.push(() => {
      process.kill(-shell.pid!, "SIGKILL");
      server.close();
    });
    const s = await socket;
    cleanups.push(() => s.destroy());
    return { socket: s, shellPid: shell.pid! };
  }

  // core's platform tests run both probes; this checks the tree built on the one selected
  it("finds the connecting process and its ancestors", async () => {
    const { socket, shellPid } = await connectedChild();
    const tree = await peerProcessTree(socket);
    // the node child (which holds the other end), then sh, then this test process
    expect(tree.length).toBeGreaterThanOrEqual(3);
    expect(tree[1]).toBe(shellPid);
    expect(tree[2]).toBe(process.pid);
  });

  it("a socket with no remote end is nobody", async () => {
    expect(await peerProcessTree({})).toEqual([]);
  });
});
