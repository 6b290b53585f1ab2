import { sha256Hex } from "./sha256.js";

/**
 * The file name (without extension) a stored name is kept under: a readable slug plus a hash of
 * the exact name. The slug keeps only `[a-z0-9-]`, so `../x`, `/etc/passwd` or `CON` can never
 * form a path, a reserved device name or a dot file; the hash keeps names that differ only in case
 * or in dropped characters apart (also on case-insensitive disks), and the length stays far below
 * the 255-byte limit. The hash follows a `-`, not a dot: Windows reserves `CON.anything` as well.
 */
export function encodeName(name: string): string {
  let encoded = encodedNames.get(name);
  if (encoded === undefined) {
    encoded = encode(name);
    // A process touches few names; the cap only keeps a long-lived server's map bounded.
    if (encodedNames.size >= 1_024) encodedNames.clear();
    encodedNames.set(name, encoded);
  }
  return encoded;
}

/** Names encoded before: every step on a lock derives several paths from its name. */
const encodedNames = new Map<string, string>();

function encode(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "_")
    .slice(0, 60);
  const hash = sha256Hex(name).slice(0, 24);
  return `${slug || "_"}-${hash}`;
}
