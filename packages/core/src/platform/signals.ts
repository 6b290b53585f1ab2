/** A pid or process group id that names one (0 and negatives mean "mine" or "all" to kill(2)). */
export function isValidPid(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0;
}

/** kill(2) with signal 0: whether the target exists (EPERM means it exists but is not ours). */
function exists(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether a process with this pid exists; a zombie still does. POSIX, so every probe shares it. */
export function isPidAlive(pid: number): boolean {
  return isValidPid(pid) && exists(pid);
}

/** Whether any process, zombies included, is in the group: `kill(-pgid, 0)`. */
export function hasGroupMembers(pgid: number): boolean {
  return isValidPid(pgid) && exists(-pgid);
}
