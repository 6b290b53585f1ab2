import {
  type BatonConfig,
  type Driver,
  isGone,
  isHolderProcessGone,
  localHost,
  NotOwnerError,
  sessionTier,
} from "@agent-baton/core";

/** How a connection may hold a session id it was asked to bind to. */
export type Binding =
  /** Nothing live goes by that name: the connection may make it its own, and end it when it closes. */
  | "create"
  /** It is live and its owner is this caller's own process tree, or cannot be checked here: use it, never end it. */
  | "join";

interface Owner {
  host: string;
  pid: number | null;
  what: string;
}

/**
 * Decides whether a connection may bind to `sessionId`. A session is live when its record is
 * neither dead nor abandoned, or when it holds an unexpired lock whose process is not known gone.
 * A live session owned by a process on this host binds only for that process's own tree
 * (`callerTree`: the caller and its ancestors); otherwise this throws NotOwnerError. The locks are
 * read only when the record does not settle it (absent, not live, or of no process here).
 */
export async function bindingFor(
  driver: Driver,
  config: BatonConfig,
  sessionId: string,
  callerTree: () => Promise<number[]>,
): Promise<Binding> {
  const host = localHost();
  const local = (o: Owner) => o.host === host && o.pid !== null;
  const record = await driver.getSession(sessionId);
  const owners: Owner[] = [];
  if (record && !isGone(sessionTier(record, Date.now(), config).tier)) {
    owners.push({ host: record.host, pid: record.pid, what: "its session record" });
  }
  if (!owners.some(local)) {
    for (const lock of (await driver.listLocks("*")).flatMap((l) => l.holders)) {
      if (lock.held_by === sessionId && !isHolderProcessGone(lock)) {
        owners.push({ host: lock.host, pid: lock.pid, what: `lock ${lock.lock_name}` });
      }
    }
  }
  if (owners.length === 0) return "create";
  const here = owners.filter(local);
  if (here.length === 0) return "join";
  const tree = new Set(await callerTree());
  if (here.some((o) => tree.has(o.pid!))) return "join";
  const owner = here[0]!;
  throw new NotOwnerError(
    `session ${sessionId} is live and belongs to process ${owner.pid} on this host (${owner.what}), not to this client's process tree; bind to your own session id, or leave session_id out`,
  );
}
