import * as z from "zod/mini";

/** What a paged reply says besides its items: how many it holds, how many there are, how to go on. */
export const PageFieldsSchema = z.object({
  count: z.int().check(z.describe("Items in this reply")),
  total: z.int().check(z.describe("Items in all pages together")),
  next_cursor: z
    .nullable(z.string())
    .check(z.describe("Pass as cursor to get the next page; null on the last page")),
});
export type PageFields = z.infer<typeof PageFieldsSchema>;
