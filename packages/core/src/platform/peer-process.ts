import { readdir, readFile, readlink } from "node:fs/promises";
import type { TcpConnection } from "./probe.js";
import { procPids } from "./proc-fs.js";
import { childProcess } from "./ps-command.js";

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const ESTABLISHED = "01";

/** The ports of a loopback connection, or null when it is not one (only this host's processes can be found). */
function loopbackPorts(c: TcpConnection): { server: number; client: number } | null {
  if (!c.remoteAddress || !LOOPBACK.test(c.remoteAddress) || !c.localPort || !c.remotePort) return null;
  return { server: c.localPort, client: c.remotePort };
}

/** The inode of the client's socket: the established entry whose local port is the client's and remote the server's. */
async function clientSocketInode(ports: { server: number; client: number }): Promise<string | null> {
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = await readFile(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const [, local, remote, state, , , , , , inode] = line.trim().split(/\s+/);
      if (state !== ESTABLISHED || !local || !remote || !inode) continue;
      const port = (address: string) => Number.parseInt(address.slice(address.lastIndexOf(":") + 1), 16);
      if (port(local) === ports.client && port(remote) === ports.server && inode !== "0") return inode;
    }
  }
  return null;
}

/** Linux: /proc/net/tcp{,6} gives the client socket's inode, and /proc/PID/fd the process that holds it. */
export async function linuxPeerProcess(connection: TcpConnection): Promise<number | null> {
  const ports = loopbackPorts(connection);
  const inode = ports ? await clientSocketInode(ports) : null;
  if (!inode) return null;
  const wanted = `socket:[${inode}]`;
  for (const pid of procPids(await readdir("/proc").catch(() => []))) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")) === wanted) return pid;
    }
  }
  return null;
}

/** Portable: `lsof -nP -iTCP:CLIENT_PORT -sTCP:ESTABLISHED -Fpn`, keeping the socket whose local end is the client's. */
export async function portablePeerProcess(connection: TcpConnection): Promise<number | null> {
  const ports = loopbackPorts(connection);
  if (!ports) return null;
  const out = await new Promise<string>((resolve) => {
    childProcess().execFile(
      "lsof",
      ["-nP", `-iTCP:${ports.client}`, "-sTCP:ESTABLISHED", "-Fpn"],
      { encoding: "utf8", timeout: 5_000, env: { ...process.env, LC_ALL: "C" } },
      // lsof exits 1 when nothing matched; no lsof at all reads the same: nobody found.
      (_error, stdout) => resolve(stdout ?? ""),
    );
  });
  let pid: number | null = null;
  for (const line of out.split("\n")) {
    if (line.startsWith("p")) pid = Number(line.slice(1));
    // n127.0.0.1:CLIENT->127.0.0.1:SERVER, or [::1]:CLIENT->[::1]:SERVER
    const m = /^n.*:(\d+)->.*:(\d+)$/.exec(line);
    if (m && Number(m[1]) === ports.client && Number(m[2]) === ports.server && pid) return pid;
  }
  return null;
}
