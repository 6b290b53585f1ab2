import { exitCodeFor } from "../exit-codes.js";
import { main } from "../main.js";
import { claimIssueRoute } from "./claim-issue.js";
import { type DropIn, type DropInArgs, type Route, splitArgs, wantsHelp } from "./route.js";
import { sessionHeartbeatRoute } from "./session-heartbeat.js";
import { sessionLockRoute } from "./session-lock.js";
import { sessionRegisterRoute } from "./session-register.js";
import { USAGE } from "./usage.js";

const ROUTES: Record<DropIn, (args: DropInArgs) => Route> = {
  "session-lock": sessionLockRoute,
  "session-register": sessionRegisterRoute,
  "session-heartbeat": sessionHeartbeatRoute,
  "claim-issue": claimIssueRoute,
};

/** What an original script's invocation does under baton (throws on bad usage). */
export function routeDropIn(bin: DropIn, argv: string[]): Route {
  const args = splitArgs(bin, argv);
  if (args.words[0] === "--version" || args.words[0] === "-V") return { baton: ["--version"] };
  if (wantsHelp(args.words) && !(bin === "claim-issue" && args.words[0] === "help")) return { help: true };
  return ROUTES[bin](args);
}

/** Runs an original script's invocation (`session-lock acquire NAME 3600`) as baton does it. */
export async function dropInMain(bin: DropIn, argv: string[]): Promise<number> {
  try {
    const route = routeDropIn(bin, argv);
    if ("help" in route) {
      process.stdout.write(`${USAGE[bin]}\n`);
      return 0;
    }
    if ("baton" in route) return await main(route.baton, bin);
    const { withCoordinator } = await import("../context.js");
    return await withCoordinator(route.opts, route.own);
  } catch (error) {
    process.stderr.write(`${bin}: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodeFor(error);
  }
}
