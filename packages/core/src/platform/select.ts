import { existsSync } from "node:fs";
import { ConfigError } from "../errors.js";
import { linuxAncestors, portableAncestors } from "./ancestors.js";
import { linuxPeerProcess, portablePeerProcess } from "./peer-process.js";
import type { PlatformProbe, ProbeName } from "./probe.js";
import { linuxProcessCpuMs, portableProcessCpuMs } from "./process-cpu.js";
import { linuxGroupAlive, portableGroupAlive } from "./process-group.js";
import { linuxProcessMemory, portableProcessMemory } from "./process-memory.js";
import { linuxProcessStatus, portableProcessStatus } from "./process-status.js";

/** Reads Linux's /proc: no process spawned, microseconds a call. */
export const linuxProbe: PlatformProbe = {
  name: "linux",
  processStatus: linuxProcessStatus,
  ancestors: linuxAncestors,
  isGroupAlive: linuxGroupAlive,
  peerProcess: linuxPeerProcess,
  processMemory: linuxProcessMemory,
  processCpuMs: linuxProcessCpuMs,
};

/** Asks `ps` and `lsof` (macOS, the BSDs, and Linux with procps, where CI runs it too). */
export const portableProbe: PlatformProbe = {
  name: "portable",
  processStatus: portableProcessStatus,
  ancestors: portableAncestors,
  isGroupAlive: portableGroupAlive,
  peerProcess: portablePeerProcess,
  processMemory: portableProcessMemory,
  processCpuMs: portableProcessCpuMs,
};

/** Forces a probe: `linux` or `portable`; unset, the platform decides. */
export const PROBE_ENV = "BATON_PLATFORM_PROBE";

/** The one place that decides which probe runs: BATON_PLATFORM_PROBE, else Linux (and Android) read /proc. */
export function probeNameFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): ProbeName {
  const forced = env[PROBE_ENV];
  if (forced === undefined || forced === "") {
    return platform === "linux" || platform === "android" ? "linux" : "portable";
  }
  if (forced !== "linux" && forced !== "portable") {
    throw new ConfigError(
      `${PROBE_ENV}=${JSON.stringify(forced)} is not a probe: set it to linux or portable, or unset it`,
    );
  }
  if (forced === "linux" && !existsSync("/proc/self/stat")) {
    throw new ConfigError(`${PROBE_ENV}=linux needs /proc, which this system lacks: set it to portable`);
  }
  return forced;
}

let selected: PlatformProbe | undefined;

/** The probe this process uses, chosen on first use. */
export function platformProbe(): PlatformProbe {
  selected ??= probeNameFor(process.env, process.platform) === "linux" ? linuxProbe : portableProbe;
  return selected;
}
