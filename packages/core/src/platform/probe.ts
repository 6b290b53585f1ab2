/** What one probe reads about a live process, in one look (one /proc read, or one `ps`). */
export interface ProcessStatus {
  /** Its parent, or null when it has none we can name (pid 0 or 1's parent). */
  ppid: number | null;
  /** Its process group. */
  pgid: number;
  /** When it started, as a start token (see start-token.ts); compare with `sameProcessStart`. */
  start: string;
  /** It has exited and waits for its parent to reap it. */
  zombie: boolean;
}

/** One end of a TCP connection as a server sees it (a `net.Socket` fits). */
export interface TcpConnection {
  localAddress?: string | undefined;
  localPort?: number | undefined;
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
}

/** Resident memory of a process, in bytes. */
export interface ProcessMemory {
  rss: number;
  /** The most it has been resident, when the platform keeps that figure. */
  peak: number | null;
}

/**
 * Everything baton asks the operating system about processes. One implementation reads Linux's
 * /proc; the portable one asks `ps` and `lsof`, as found on macOS and on Linux.
 */
export interface PlatformProbe {
  /** `linux` or `portable`: which implementation this is. */
  readonly name: ProbeName;
  /** A process's parent, group, start and zombie state, or null when no such process exists. */
  processStatus(pid: number): ProcessStatus | null;
  /** The ancestors of a process, nearest first, stopping before pid 1, at most `max` of them. */
  ancestors(pid: number, max: number): number[];
  /** Whether any process of the group runs (zombies do not count). */
  isGroupAlive(pgid: number): boolean;
  /** The process on the other end of a loopback TCP connection that this host accepted, or null. */
  peerProcess(connection: TcpConnection): Promise<number | null>;
  /** A process's resident memory, or null when it does not exist. */
  processMemory(pid: number): ProcessMemory | null;
  /** The CPU time (user + system) a process has used so far, in ms, or null when it does not exist. */
  processCpuMs(pid: number): number | null;
}

export type ProbeName = "linux" | "portable";
