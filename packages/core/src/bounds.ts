import { InvalidInputError } from "./errors.js";

export const TTL_BOUNDS = { min: 1, max: 86_400 } as const;
export const WAIT_BOUNDS = { min: 0, max: 3_600 } as const;

/** Parses and checks a lock TTL in seconds (1 to 86 400). Accepts numbers and numeric strings. */
export function parseTtl(value: unknown, field = "ttl"): number {
  return parseSeconds(value, field, TTL_BOUNDS.min, TTL_BOUNDS.max);
}

/** Parses and checks a wait in seconds (0 to 3 600). */
export function parseWait(value: unknown, field = "wait"): number {
  return parseSeconds(value, field, WAIT_BOUNDS.min, WAIT_BOUNDS.max);
}

function parseSeconds(value: unknown, field: string, min: number, max: number): number {
  const n = typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) {
    throw new InvalidInputError(
      `invalid ${field} ${JSON.stringify(value)}: give a number of seconds from ${min} to ${max}`,
      {
        field,
      },
    );
  }
  if (n < min || n > max) {
    throw new InvalidInputError(`invalid ${field} ${n}: must be from ${min} to ${max} seconds`, { field });
  }
  return n;
}
