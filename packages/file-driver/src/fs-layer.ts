import * as nodeFs from "node:fs";

/**
 * The synchronous fs calls the driver makes, injectable so tests can fail a write with ENOSPC.
 * Sync calls: each is a few microseconds on a local disk, far less than a thread-pool round trip.
 */
export type FsLayer = Pick<
  typeof nodeFs,
  | "openSync"
  | "writeSync"
  | "readSync"
  | "fstatSync"
  | "fsyncSync"
  | "closeSync"
  | "renameSync"
  | "linkSync"
  | "unlinkSync"
  | "readFileSync"
  | "readdirSync"
  | "mkdirSync"
  | "rmdirSync"
  | "statSync"
  | "chmodSync"
>;

export const realFs: FsLayer = nodeFs;
