import * as z from "zod/mini";
import { HistoryResultSchema } from "./history.js";

const describe = z.describe;

/** How long one lock's holds lasted over the events read: for "who keeps deploy longest?". */
export const HoldSummarySchema = z.object({
  lock_name: z.string(),
  count: z.int().check(describe("Holds that began and ended within the events read")),
  p50_seconds: z.number().check(describe("Median hold time, in seconds")),
  max_seconds: z.number().check(describe("Longest hold time, in seconds")),
});
export type HoldSummary = z.infer<typeof HoldSummarySchema>;

/** A page of history and, when asked for, hold times per lock over every event of the window. */
export const HistoryReportSchema = z.extend(HistoryResultSchema, {
  summary: z
    .optional(z.array(HoldSummarySchema))
    .check(describe("Hold times per lock over every event read for the window, not only this page")),
});
export type HistoryReport = z.infer<typeof HistoryReportSchema>;
