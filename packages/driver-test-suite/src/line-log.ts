/**
 * One line of a line worker's log: the test fixtures whose processes each take one name again and
 * again, waiting in its line, log when they join it, when they are granted it and, still holding,
 * when they release it.
 */
export interface LineLogEntry {
  ev: "queued" | "granted" | "releasing";
  id: string;
  /** The place's `since` (`queued`; `granted` through the line), else null. */
  since: string | null;
  /** With `queued`: who was ahead of this place, as [session, since]. */
  ahead?: [string, string][];
  token: number;
}

/**
 * What a line log shows: its grants, the places taken in line, and each way it broke first come,
 * first served or one at a time — a place never granted, a place granted before one ahead of it, a
 * grant not followed by its own release, a token not above the one before. No faults: served in order.
 */
export function lineOrder<T extends LineLogEntry>(
  lines: T[],
): { grants: T[]; queued: T[]; faults: string[] } {
  const grants = lines.filter((l) => l.ev === "granted");
  const queued = lines.filter((l) => l.ev === "queued");
  const faults: string[] = [];
  const tokenOfPlace = new Map(grants.filter((g) => g.since).map((g) => [`${g.id} ${g.since}`, g.token]));
  for (const place of queued) {
    const mine = tokenOfPlace.get(`${place.id} ${place.since}`);
    if (mine === undefined) {
      faults.push(`${place.id}'s place since ${place.since} was never granted`);
      continue;
    }
    for (const [session, since] of place.ahead ?? []) {
      const theirs = tokenOfPlace.get(`${session} ${since}`);
      if (theirs === undefined || theirs > mine)
        faults.push(`${place.id} (token ${mine}) overtook ${session}`);
    }
  }
  const steps = lines.filter((l) => l.ev !== "queued");
  for (let i = 0; i < steps.length; i += 2) {
    const [grant, release] = [steps[i]!, steps[i + 1]];
    if (
      grant.ev !== "granted" ||
      release?.ev !== "releasing" ||
      release.id !== grant.id ||
      release.token !== grant.token
    ) {
      faults.push(`step ${i}: ${grant.ev} of ${grant.id} is not a grant followed by its own release`);
    } else if (i > 0 && grant.token <= steps[i - 2]!.token) {
      faults.push(`step ${i}: token ${grant.token} is not above ${steps[i - 2]!.token}`);
    }
  }
  return { grants, queued, faults };
}
