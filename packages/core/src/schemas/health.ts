import * as z from "zod/mini";

export const HealthResultSchema = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  backend: z.string(),
  location: z.string().check(z.describe("Where state lives: directory or Redis URL (password redacted)")),
  reachable: z.boolean(),
  latency_ms: z.optional(z.number()),
  error: z.optional(z.string()),
  version: z.optional(z.string()),
});
export type HealthResult = z.infer<typeof HealthResultSchema>;
