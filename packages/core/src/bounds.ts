// zod/mini, imported as a namespace so that a bundle keeps only the zod it uses: the CLI's hooks
// load these schemas at every prompt. Loading three schemas and parsing once took 52 ms of CPU with
// classic zod and 16 ms with zod/mini (node 20, bundled as the CLI bin is).
import * as z from "zod/mini";
import { InvalidInputError } from "./errors.js";
import { globProblem } from "./glob.js";

/**
 * What callers may pass, checked once here: the Coordinator, the MCP tools' input schemas and the
 * CLI's flags all use these schema objects, so every entry point accepts exactly the same values.
 */

/** Longest lock name or pattern, in characters. */
const MAX_NAME = 200;
/** Longest session metadata, as JSON text: status lists every session's metadata. */
const MAX_METADATA = 4_096;
const PRINTABLE = /^[\x21-\x7e]+$/;

/** A whole number from `min` to `max`; `rule` is the one message for every way of missing it. */
export function wholeNumberIn(min: number, max: number, rule: string) {
  return z.int(rule).check(z.minimum(min, rule), z.maximum(max, rule));
}

/** Seconds from `min` to `max`, fractions allowed; `rule` is the one message for every way of missing it. */
function secondsIn(min: number, max: number, rule: string) {
  return z.number(rule).check(z.minimum(min, rule), z.maximum(max, rule));
}

/** A lock's lifetime: whole seconds from 1 to 86 400 (a day). `--ttl`, `timeout_seconds`. */
export const TtlSecondsSchema = wholeNumberIn(1, 86_400, "must be whole seconds from 1 to 86400").check(
  z.describe("Seconds until the lock expires unless extended: whole seconds from 1 to 86400"),
);

/** How long to wait for a held lock: seconds from 0 to 3 600, fractions allowed. `--wait`, `wait_seconds`. */
export const WaitSecondsSchema = secondsIn(0, 3_600, "must be seconds from 0 to 3600").check(
  z.describe("Seconds to wait for a held lock to be released: 0 to 3600"),
);

/** Seconds a command's group gets between SIGTERM and SIGKILL: 0 to 3 600, fractions allowed. `run --grace`. */
export const GraceSecondsSchema = secondsIn(0, 3_600, "must be seconds from 0 to 3600");

/** How many exclusive holders a lock name allows at once: 1 to 1 000. `--slots`, `slots`. */
export const SlotsSchema = wholeNumberIn(1, 1_000, "must be a whole number from 1 to 1000").check(
  z.describe("How many holders may hold the lock at once (each with its own fencing token): 1 to 1000"),
);

/** A process id given on the command line (`--claude-pid`): a whole number from 1. */
export const PidSchema = wholeNumberIn(1, 2 ** 31 - 1, "must be a process id (a whole number from 1)");

/** Why a caller does something to another's lock (a release request, a force-release): one short line. */
const REASON_RULE = "must be one line of at most 300 characters";
export const ReasonSchema = z
  .string(REASON_RULE)
  .check(
    z.maxLength(300, REASON_RULE),
    z.regex(/^[^\r\n]*$/, REASON_RULE),
    z.describe("Why, in one short line, e.g. 'need it to deploy the hotfix'"),
  );

/** 1–200 printable ASCII characters without spaces: what lock names and patterns are made of. */
function printableText() {
  return z.string("must be text").check(
    z.minLength(1, `it is empty; give 1-${MAX_NAME} printable ASCII characters`),
    z.maxLength(MAX_NAME, {
      error: (issue) =>
        `${String(issue.input).length} characters is too long; use at most ${MAX_NAME} printable ASCII characters`,
    }),
    z.regex(PRINTABLE, {
      error: (issue) =>
        `character ${JSON.stringify([...String(issue.input)].find((c) => !PRINTABLE.test(c)) ?? "")} is not allowed; use printable ASCII without spaces or control characters`,
    }),
  );
}

/** A lock name as a caller writes it (`pytest-api`, `issue:42`, `work`). */
export const LockNameSchema = printableText().check(
  z.describe("Lock name, e.g. pytest-api, issue:42, wave:5c.1, or work for the current git branch's lock"),
);

/** A glob over lock names (`*`, `?`, `[a-z]`, `[!x]`, `\` escapes); see globProblem. */
export const LockPatternSchema = printableText().check(
  z.superRefine((pattern, ctx) => {
    const problem = globProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: pattern });
  }),
  z.describe("Glob over lock names: * ? [a-z] [!x]; without ':' it matches resource locks, e.g. pytest-*"),
);

/** A GitHub issue number: a positive whole number. */
export const IssueNumberSchema = z
  .int("must be a positive whole number, e.g. 42")
  .check(z.positive("must be a positive whole number, e.g. 42"), z.describe("GitHub issue number, e.g. 42"));

/** A GitHub repository as `owner/name`. */
export const RepoSchema = z
  .string("must be owner/name, e.g. acme/api")
  .check(
    z.regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, "must be owner/name, e.g. acme/api"),
    z.describe("GitHub repository as owner/name"),
  );

/** Free-form facts stored with a session (`{ task: "…" }`), at most 4 096 characters as JSON. */
export const SessionMetadataSchema = z.record(z.string(), z.unknown(), "must be a JSON object").check(
  z.refine(
    (metadata) => (JSON.stringify(metadata)?.length ?? 0) <= MAX_METADATA,
    `must be at most ${MAX_METADATA} characters as JSON; keep metadata to a few short facts`,
  ),
  z.describe("Free-form facts about the session, e.g. {task: '...'}; at most 4096 characters as JSON"),
);

/** A number written as text (a flag, an environment variable): digits with an optional fraction. Anything else is NaN, which every bound refuses. */
export function numberFromText(text: string): number {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** `value` when `schema` accepts it; else InvalidInputError `invalid <field> <value>: <reason>`, naming the field. */
export function checkInput<S extends z.ZodMiniType>(schema: S, value: unknown, field: string): z.output<S> {
  return check(schema, value, field, value);
}

/** Like checkInput, for a number that may be written as text: `"300"` is read as 300 first. */
export function checkNumberInput<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  field: string,
): z.output<S> {
  return check(schema, typeof value === "string" ? numberFromText(value) : value, field, value);
}

/** A lock TTL in seconds (TtlSecondsSchema), as a number or numeric text. */
export function parseTtl(value: unknown, field = "ttl"): number {
  return checkNumberInput(TtlSecondsSchema, value, field);
}

/** A lock's slots (SlotsSchema), as a number or numeric text. */
export function parseSlots(value: unknown, field = "slots"): number {
  return checkNumberInput(SlotsSchema, value, field);
}

/** A wait in seconds (WaitSecondsSchema), as a number or numeric text. */
export function parseWait(value: unknown, field = "wait"): number {
  return checkNumberInput(WaitSecondsSchema, value, field);
}

/** A grace in seconds (GraceSecondsSchema), as a number or numeric text. */
export function parseGrace(value: unknown, field = "grace"): number {
  return checkNumberInput(GraceSecondsSchema, value, field);
}

function check<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  field: string,
  given: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues[0]?.message ?? "is not valid";
  throw new InvalidInputError(`invalid ${field.replaceAll("_", " ")} ${shown(given)}: ${reason}`, { field });
}

/** A value for a one-line message: JSON, long text cut short. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 48 ? `${text.slice(0, 40)}…${text.slice(-1)}` : text;
}

/** How many items one reply of a list holds: 1 to 1 000. `--limit`, `limit`. */
export const PageLimitSchema = wholeNumberIn(1, 1_000, "must be a whole number from 1 to 1000").check(
  z.describe("Most items in one reply: 1 to 1000 (default 100)"),
);

/** How many events one history read returns: 1 to 10 000. `--limit`, `limit`. */
export const HistoryLimitSchema = wholeNumberIn(1, 10_000, "must be a whole number from 1 to 10000").check(
  z.describe("Most events in one reply, the newest: 1 to 10000 (default 100)"),
);

/** Where the next page starts: the `next_cursor` of the previous reply. `--cursor`, `cursor`. */
const CURSOR_RULE = "must be the next_cursor of the previous reply";
export const PageCursorSchema = z
  .string(CURSOR_RULE)
  .check(
    z.maxLength(1_024, CURSOR_RULE),
    z.describe("The next_cursor of the previous reply, for the next page"),
  );

/** Longest reservation glob, in characters: a deep path with room to spare. */
const MAX_PATH_GLOB = 1_024;
const NO_CONTROL = /^\P{Cc}*$/u;

/** A path glob to reserve or release: 1–1 024 characters, no control characters, valid brackets per segment. */
export const PathGlobSchema = z.string("must be text").check(
  z.minLength(1, "it is empty; give a path or glob such as src/api/**"),
  z.maxLength(MAX_PATH_GLOB, `is too long; use at most ${MAX_PATH_GLOB} characters`),
  z.regex(NO_CONTROL, "contains a control character; give a path or glob such as src/api/**"),
  z.superRefine((glob, ctx) => {
    for (const segment of glob.split("/")) {
      const problem = globProblem(segment);
      if (problem) ctx.addIssue({ code: "custom", message: `in "${segment}": ${problem}`, input: glob });
    }
  }),
  z.describe(
    "Path or glob relative to the repository root: ** any folders, * within one name, ? one character, [a-z]; a folder is dir/ or dir/**",
  ),
);

/** The globs of one reserve or release: 1 to 100. */
export const PathGlobListSchema = z
  .array(PathGlobSchema, "must be a list of paths or globs")
  .check(
    z.minLength(1, "give at least one path or glob"),
    z.maxLength(100, "give at most 100 paths or globs at once"),
  );

/** Why a session reserves paths, shown to whoever is refused: 1–200 characters on one line. */
export const ReservationReasonSchema = z
  .string("must be text")
  .check(
    z.minLength(1, "it is empty; say in a few words why, or leave it out"),
    z.maxLength(200, "is too long; use at most 200 characters"),
    z.regex(NO_CONTROL, "must be one line without control characters"),
    z.describe("Why, in a few words; shown to sessions that are refused"),
  );
