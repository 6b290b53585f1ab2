import { execFile } from "node:child_process";
import { readdir, readFile, readlink } from "node:fs/promises";
import { ancestorPids } from "@agent-baton/core";

/** The two ends of an accepted TCP connection, as the server sees them. */
export interface TcpEnds {
  localPort?: number;
  remotePort?: number;
}

/**
 * The process at the other end of a TCP connection to this server, with its ancestors (nearest
 * first): who a loopback HTTP client really is. Empty when the peer is on another host or cannot
 * be seen (another user's process, no /proc and no lsof).
 */
export async function peerProcessTree(
  socket: TcpEnds,
  via: "proc" | "lsof" = process.platform === "linux" ? "proc" : "lsof",
): Promise<number[]> {
  const { localPort, remotePort } = socket;
  if (!localPort || !remotePort) return [];
  const find = via === "proc" ? procPeerPids : lsofPeerPids;
  const pids = await find(localPort, remotePort);
  const tree = new Set<number>();
  for (const pid of pids) for (const p of [pid, ...ancestorPids(pid)]) tree.add(p);
  return [...tree];
}

const hexPort = (address: string) => Number.parseInt(address.slice(address.indexOf(":") + 1), 16);

/** Linux: the peer's own socket is the row whose local port is our remote one and whose remote port is ours. */
async function procPeerPids(serverPort: number, clientPort: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // f[1] local address, f[2] remote address, f[9] inode
      if (f.length > 9 && hexPort(f[1]!) === clientPort && hexPort(f[2]!) === serverPort && f[9] !== "0") {
        inodes.add(`socket:[${f[9]}]`);
      }
    }
  }
  if (inodes.size === 0) return [];
  const procs = (await readdir("/proc").catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  const found = await Promise.all(
    procs.map(async (pid) => {
      const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
        if (inodes.has(target)) return Number(pid);
      }
      return null;
    }),
  );
  return found.filter((pid): pid is number => pid !== null && pid !== process.pid);
}

/** Elsewhere (macOS): `lsof` lists each process's TCP ends as `p<pid>` then `n<local>-><remote>` lines. */
function lsofPeerPids(serverPort: number, clientPort: number): Promise<number[]> {
  return new Promise((resolve) => {
    execFile(
      "lsof",
      ["-nP", `-iTCP:${clientPort}`, "-sTCP:ESTABLISHED", "-Fpn"],
      { timeout: 5_000 },
      (_error, stdout) => {
        const pids = new Set<number>();
        let pid = 0;
        for (const line of String(stdout ?? "").split("\n")) {
          if (line.startsWith("p")) pid = Number(line.slice(1));
          const ends = line.startsWith("n") ? line.slice(1).split("->") : [];
          if (
            ends.length === 2 &&
            ends[0]!.endsWith(`:${clientPort}`) &&
            ends[1]!.endsWith(`:${serverPort}`)
          ) {
            pids.add(pid);
          }
        }
        pids.delete(process.pid);
        resolve([...pids]);
      },
    );
  });
}
