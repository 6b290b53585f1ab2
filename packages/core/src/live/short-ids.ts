/** Fewest characters a short id keeps: a glance can tell `3f2a91` from `3f2b07`, rarely `3f`. */
export const SHORT_ID_MIN = 6;

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The shortest prefix of each id (at least `min` characters) that no other id of the set starts
 * with, as git abbreviates commits; an id that is itself a prefix of another stays whole.
 */
export function shortIds(ids: Iterable<string>, min = SHORT_ID_MIN): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const short = new Map<string, string>();
  sorted.forEach((id, i) => {
    const before = i > 0 ? commonPrefix(id, sorted[i - 1]!) : 0;
    const after = i < sorted.length - 1 ? commonPrefix(id, sorted[i + 1]!) : 0;
    short.set(id, id.slice(0, Math.max(min, before + 1, after + 1)));
  });
  return short;
}
