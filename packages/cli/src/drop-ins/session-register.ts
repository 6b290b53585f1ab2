import { claimIssue, findClaim, listClaims } from "./claims.js";
import { atMost, type DropInArgs, type Route, usageError } from "./route.js";

const BIN = "session-register";

/**
 * `session-register COMMAND [ARGS]` as the original's usage text has it. `claim` takes the
 * original's `OWNER/REPO NUM [TITLE] [PREFIX]` (an empty OWNER/REPO falls back to REPO_INFO, as
 * there) and baton's earlier `NUM [TITLE]` (repo from --repo or git origin).
 */
export function sessionRegisterRoute({ words, flags, opts }: DropInArgs, env = process.env): Route {
  const [command, ...args] = words;
  const bare = (form: string) => atMost(BIN, words, 0, form);
  switch (command) {
    case undefined:
      throw usageError(BIN, "no command given");
    case "start":
      atMost(BIN, words, 1, "start [METADATA_JSON]");
      return { baton: ["session", "start", ...(args[0] ? ["--metadata", args[0]] : []), ...flags] };
    case "pause":
    case "end":
    case "status":
    case "cleanup":
      bare(command);
      return { baton: ["session", command, ...flags] };
    case "claim": {
      const form = "claim OWNER/REPO NUM [TITLE] [PREFIX]";
      const [first, second, third] = args;
      if (first === undefined) throw usageError(BIN, `issue number required: ${BIN} ${form}`);
      const original = first === "" || first.includes("/");
      if (original) {
        atMost(BIN, words, 4, form);
        if (!second) throw usageError(BIN, `issue number required: ${BIN} ${form}`);
        const repo = first || env.REPO_INFO || opts.repo;
        // PREFIX is accepted; baton derives the label's prefix from the repository name.
        return { own: (ctx) => claimIssue(BIN, ctx, second, { repo, title: third }), opts };
      }
      atMost(BIN, words, 2, "claim NUM [TITLE]");
      return { own: (ctx) => claimIssue(BIN, ctx, first, { repo: opts.repo, title: second }), opts };
    }
    case "release-claim":
      bare("release-claim");
      return { baton: ["claim", "--release", ...flags] };
    case "list-claims":
      atMost(BIN, words, 1, "list-claims [OWNER/REPO]");
      return { own: (ctx) => listClaims(ctx, args[0] || opts.repo), opts };
    case "find-claim": {
      const [owner, name, issue] = args;
      if (!owner || !name || !issue)
        throw usageError(BIN, `${BIN} find-claim OWNER REPO NUM needs all three`);
      atMost(BIN, words, 3, "find-claim OWNER REPO NUM");
      return { own: (ctx) => findClaim(ctx, `${owner}/${name}`, issue), opts };
    }
    default:
      throw usageError(BIN, `unknown command ${JSON.stringify(command)}`);
  }
}
