import { claimIssue } from "./claims.js";
import { type DropInArgs, type Route, usageError } from "./route.js";

const BIN = "claim-issue";

/** Short forms of the original's options. */
const LONG: Record<string, string> = { "-r": "--release", "-l": "--list", "-c": "--check", "-s": "--status" };

/** `claim-issue NUM [TITLE] | --release | --list | --check NUM | --status`, as the original's usage text has it. */
export function claimIssueRoute({ words, flags, opts }: DropInArgs): Route {
  const [given, ...rest] = words;
  if (given === undefined) throw usageError(BIN, "give an issue number or an option");
  const option = LONG[given] ?? given;
  switch (option) {
    case "--release":
    case "--list":
    case "--status":
      if (rest.length) throw usageError(BIN, `${option} takes no arguments`);
      return { baton: ["claim", option, ...flags] };
    case "--check":
      if (rest.length !== 1)
        throw usageError(BIN, "--check requires an issue number: claim-issue --check NUM");
      return { baton: ["claim", "--check", rest[0]!, ...flags] };
    default:
      if (option.startsWith("-")) throw usageError(BIN, `unknown option ${option}`);
      // The original took one quoted TITLE; words after the number are joined into one.
      return { own: (ctx) => claimIssue(BIN, ctx, option, { repo: opts.repo, title: rest.join(" ") }), opts };
  }
}
