import type { Driver } from "@agent-baton/core";
import { Cluster, type Redis } from "ioredis";
import type { Client } from "./connection.js";

export type Diagnostic = Awaited<ReturnType<NonNullable<Driver["diagnose"]>>>[number];

const TOKENS_ON_CLOCK = "fencing tokens rely on the server clock after a restart";

/** How a node keeps its data across a restart ("AOF on", RDB save points), or null for not at all. */
async function persistenceOf(node: Redis): Promise<string | null> {
  // One parameter per CONFIG GET: Redis before 7 takes no more.
  const [[, save], [, appendonly]] = (await Promise.all([
    node.config("GET", "save"),
    node.config("GET", "appendonly"),
  ])) as [string[], string[]];
  const kept = [appendonly === "yes" ? "AOF on" : "", save ? `RDB save points "${save}"` : ""].filter(
    Boolean,
  );
  return kept.length > 0 ? kept.join(", ") : null;
}

/**
 * Whether the server (every master of a cluster) keeps its data across a restart. Without it the
 * fencing counters vanish on restart and the next tokens come from Redis's clock. CONFIG GET may
 * be refused by an ACL or renamed away: then it says it cannot tell.
 */
export async function diagnosePersistence(client: Client, location: string): Promise<Diagnostic> {
  const nodes = client instanceof Cluster ? client.nodes("master") : [client];
  let found: (string | null)[];
  try {
    found = await Promise.all(nodes.map(persistenceOf));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      level: "warn",
      message: `cannot tell whether Redis at ${location} keeps its data across a restart (CONFIG GET refused: ${reason}); without persistence, ${TOKENS_ON_CLOCK}`,
    };
  }
  const without = found.filter((kept) => kept === null).length;
  if (without === 0) {
    const where = nodes.length > 1 ? ` on all ${nodes.length} masters` : "";
    return {
      level: "ok",
      message: `Redis at ${location} keeps its data across a restart (${found[0]}${where})`,
    };
  }
  const where = nodes.length > 1 ? ` on ${without} of ${nodes.length} masters` : "";
  return {
    level: "warn",
    message: `Redis at ${location} has no persistence${where} (no RDB save points and AOF off): ${TOKENS_ON_CLOCK}`,
  };
}
