import { checkInput, PageCursorSchema, PageLimitSchema } from "./bounds.js";
import { InvalidInputError } from "./errors.js";
import type { PageFields } from "./schemas/page.js";

/** Items in a reply when the caller names no limit: keeps a reply small at 10,000 locks. */
export const DEFAULT_PAGE_LIMIT = 100;

/** Which page of a list: at most `limit` items (default 100) after `cursor`, the previous reply's `next_cursor`. */
export interface PageOptions {
  limit?: number;
  cursor?: string | null;
}

/** A checked page request of one kind of list. */
export interface PageRequest {
  kind: string;
  limit: number;
  /** The key of the last item already seen, or null for the first page. */
  after: string | null;
}

/** Checks a page request before anything is read; a cursor of another list or a made-up one is INVALID_INPUT. */
export function pageRequest(kind: string, options: PageOptions = {}): PageRequest {
  const limit = checkInput(PageLimitSchema, options.limit ?? DEFAULT_PAGE_LIMIT, "limit");
  if (options.cursor === undefined || options.cursor === null) return { kind, limit, after: null };
  const cursor = checkInput(PageCursorSchema, options.cursor, "cursor");
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(`${kind}\n`) || encode(text) !== cursor) {
    throw new InvalidInputError(
      `invalid cursor ${JSON.stringify(cursor.slice(0, 40))}: pass the next_cursor of the previous ${kind} reply`,
      { field: "cursor" },
    );
  }
  return { kind, limit, after: text.slice(kind.length + 1) };
}

/**
 * The requested page of `items`, in the order of `key` (plain code-unit order). The cursor names
 * the last key returned, so a walk sees every item present throughout exactly once, whatever is
 * added or removed between pages.
 */
export function takePage<T>(
  items: readonly T[],
  key: (item: T) => string,
  request: PageRequest,
): PageFields & { items: T[] } {
  const keyed = items
    .map((item) => [key(item), item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const start = request.after === null ? 0 : keyed.findIndex(([k]) => k > request.after!);
  const rest = start === -1 ? [] : keyed.slice(start);
  const taken = rest.slice(0, request.limit);
  const last = taken.at(-1);
  return {
    items: taken.map(([, item]) => item),
    count: taken.length,
    total: items.length,
    next_cursor: rest.length > taken.length && last ? encode(`${request.kind}\n${last[0]}`) : null,
  };
}

const encode = (text: string) => Buffer.from(text, "utf8").toString("base64url");
