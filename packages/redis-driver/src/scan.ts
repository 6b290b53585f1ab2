import { Cluster, type Redis } from "ioredis";
import type { Client } from "./connection.js";

/** Large pages keep a listing of 10,000 records to a handful of round trips. */
const SCAN_COUNT = 10_000;
const MGET_CHUNK = 5_000;

async function scanNode(node: Redis, match: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, page] = await node.scan(cursor, "MATCH", match, "COUNT", SCAN_COUNT);
    keys.push(...page);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

/**
 * Every key matching the Redis glob, by SCAN (never KEYS). On a cluster every master is scanned
 * at once; the hash tag puts all of baton's keys on one of them.
 */
export async function scanKeys(client: Client, match: string): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes("master") : [client];
  const found = await Promise.all(nodes.map((node) => scanNode(node, match)));
  return [...new Set(found.flat())];
}

/**
 * The values of many keys by MGET in a few large chunks sent together (one slot, so a cluster
 * takes them too). Keys that vanished in between come back as null.
 */
export async function getMany(client: Client, keys: string[]): Promise<(string | null)[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += MGET_CHUNK) chunks.push(keys.slice(i, i + MGET_CHUNK));
  const values = await Promise.all(chunks.map((chunk) => client.mget(chunk)));
  return values.flat();
}
