import type { PageFields, PageOptions } from "@agent-baton/core";
import type { Output } from "../output.js";

/** The line under a page that has more after it: how many are shown, and the command for the next page. */
export function morePages(out: Output, page: PageFields, command: string, o: PageOptions): string[] {
  if (page.next_cursor === null) return [];
  const limit = o.limit === undefined ? "" : ` --limit ${o.limit}`;
  return [
    out.dim(
      `${page.count} of ${page.total} shown; next page: ${command}${limit} --cursor ${page.next_cursor}`,
    ),
  ];
}

/** `text` as one shell word: as it is when plain, else in single quotes (a quote inside closed, escaped, reopened). */
export function shellQuote(text: string): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  const inside = text.replaceAll("'", "'\\''");
  return `'${inside}'`;
}
