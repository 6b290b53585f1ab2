import { z } from "zod";

export const HealthResultSchema = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  backend: z.string(),
  location: z.string().describe("Where state lives: directory or Redis URL (password redacted)"),
  reachable: z.boolean(),
  latency_ms: z.number().optional(),
  error: z.string().optional(),
  version: z.string().optional(),
});
export type HealthResult = z.infer<typeof HealthResultSchema>;
