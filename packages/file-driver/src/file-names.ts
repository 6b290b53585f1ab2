import { createHash } from "node:crypto";

/**
 * The file name (without extension) a stored name is kept under: a readable slug plus a hash of
 * the exact name. The slug keeps only `[a-z0-9-]`, so `../x`, `/etc/passwd` or `CON` can never
 * form a path, a reserved device name or a dot file; the hash keeps names that differ only in case
 * or in dropped characters apart (also on case-insensitive disks), and the length stays far below
 * the 255-byte limit. The hash follows a `-`, not a dot: Windows reserves `CON.anything` as well.
 */
export function encodeName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "_")
    .slice(0, 60);
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 24);
  return `${slug || "_"}-${hash}`;
}
