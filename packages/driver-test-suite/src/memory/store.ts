import { EventEmitter } from "node:events";
import type {
  ClaimRecord,
  HistoryEvent,
  LockRecord,
  ReleaseRequest,
  SessionRecord,
  WaiterRecord,
} from "@agent-baton/core";

/** One existing lock name: its holds in the order granted, its line in order, its requests. */
export interface NameEntry {
  slots: number;
  holders: LockRecord[];
  waiters: WaiterRecord[];
  requests: ReleaseRequest[];
}

/** Everything one backend would keep; drivers made on one namespace share one store. */
export interface Store {
  names: Map<string, NameEntry>;
  /** The last fencing token of each name, kept after the name is gone. */
  fencing: Map<string, number>;
  sessions: Map<string, SessionRecord>;
  claims: Map<string, ClaimRecord>;
  /** Per session: the names it holds or waits for (the per-session index of the contract). */
  index: Map<string, Set<string>>;
  events: Array<{ seq: number; event: HistoryEvent }>;
  seq: number;
  notices: Map<string, HistoryEvent[]>;
  /** `lock:NAME` when a name's line may move; `event` when an event is written. */
  signals: EventEmitter;
}

const stores = new Map<string, Store>();

/** The store of `namespace` (made on first use), or a private one when no namespace is given. */
export function storeFor(namespace: string | undefined): Store {
  const existing = namespace === undefined ? undefined : stores.get(namespace);
  if (existing) return existing;
  const store: Store = {
    names: new Map(),
    fencing: new Map(),
    sessions: new Map(),
    claims: new Map(),
    index: new Map(),
    events: [],
    seq: 0,
    notices: new Map(),
    signals: new EventEmitter().setMaxListeners(0),
  };
  if (namespace !== undefined) stores.set(namespace, store);
  return store;
}

export const claimKey = (repo: string, issue: number) => `${repo}#${issue}`;
