/** The signals a long-running baton process handles itself: it finishes its work, then exits. */
export const TERMINATION_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const satisfies NodeJS.Signals[];

/**
 * Calls `handler` on SIGINT, SIGTERM and SIGHUP until the returned function is called; meanwhile
 * the process does not die of them. Keep one installed for the whole time there is work to finish:
 * signal-exit (which proper-lockfile loads with the file driver's first guarded step) re-raises a
 * signal, killing the process mid-cleanup, whenever it finds no listener but its own, so a `once`
 * listener or a gap between two listeners hands the decision to a dependency.
 */
export function onTerminationSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  const listener = (signal: NodeJS.Signals) => handler(signal);
  for (const signal of TERMINATION_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of TERMINATION_SIGNALS) process.off(signal, listener);
  };
}
