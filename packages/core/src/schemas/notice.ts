import * as z from "zod/mini";
import { EVENT_TYPES } from "./history.js";

const describe = z.describe;

/** Something that happened to a session, worded for it once by core: what happened and what to do. */
export const NoticeSchema = z.object({
  id: z.string(),
  time: z.iso.datetime().check(describe("When it happened")),
  type: z.enum(EVENT_TYPES),
  name: z.string().check(describe("The lock's stored name or the claim's owner/repo#N")),
  text: z.string().check(describe("One line: what happened and what to do")),
  event_id: z.string().check(describe("The history event it comes from")),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const NoticesResultSchema = z.object({
  session_id: z.string(),
  notices: z.array(NoticeSchema).check(describe("Pending notices, oldest first; each is given once")),
});
export type NoticesResult = z.infer<typeof NoticesResultSchema>;
