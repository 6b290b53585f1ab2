import { InvalidInputError } from "@agent-baton/core";

/** The original scripts' names, which the drop-in bins keep. */
export type DropIn = "session-lock" | "session-register" | "session-heartbeat" | "claim-issue";

const USAGE: Record<DropIn, string> = {
  "session-lock":
    "session-lock acquire NAME [TIMEOUT=120] | release NAME | check NAME | wait NAME [TIMEOUT=120] | list [PATTERN] | info NAME | extend NAME [TTL] | force-release NAME | cleanup",
  "session-register":
    "session-register start [METADATA_JSON] | pause | end | status | cleanup | claim NUM [TITLE]",
  "session-heartbeat": "session-heartbeat [touch] | daemon | stop | check | age | list | cleanup",
  "claim-issue": "claim-issue NUM [TITLE] | --release | --list | --check NUM | --status",
};

/** Flags kept as they are wherever they appear: `--json`, `--session ID`, `--backend NAME`, `--hook`, `--strict`. */
function splitFlags(argv: string[]): { words: string[]; flags: string[] } {
  const words: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--session" || a === "--backend" || a === "--repo" || a === "--check")
      flags.push(a, argv[++i] ?? "");
    else if (a.startsWith("--")) flags.push(a);
    else words.push(a);
  }
  return { words, flags };
}

const usage = (bin: DropIn) => new InvalidInputError(`usage: ${USAGE[bin]}`);

/** Maps an original script's arguments onto the `baton` command that does the same. */
export function translate(bin: DropIn, argv: string[]): string[] {
  if (argv.includes("--help") || argv.includes("-h") || argv.includes("--version") || argv.includes("-V")) {
    return argv.includes("--version") || argv.includes("-V") ? ["--version"] : ["--help"];
  }
  const { words, flags } = splitFlags(argv);
  const [verb, a, b, ...rest] = words;
  if (rest.length && bin !== "claim-issue") throw usage(bin);
  switch (bin) {
    case "session-lock": {
      if (verb === "acquire" && a) return ["lock", "acquire", a, "--wait", b ?? "120", ...flags];
      if (verb === "wait" && a) return ["lock", "wait", a, "--wait", b ?? "120", ...flags];
      if (verb === "extend" && a) return ["lock", "extend", a, ...(b ? ["--ttl", b] : []), ...flags];
      if (verb === "list" && !b) return ["lock", "list", ...(a ? [a] : []), ...flags];
      if (verb === "cleanup" && !a) return ["session", "cleanup", ...flags];
      if ((verb === "release" || verb === "check" || verb === "info" || verb === "force-release") && a && !b)
        return ["lock", verb, a, ...flags];
      throw usage(bin);
    }
    case "session-register": {
      if (verb === "start" && !b) return ["session", "start", ...(a ? ["--metadata", a] : []), ...flags];
      if (verb === "claim" && a) return ["claim", a, ...(b ? [b] : []), ...flags];
      if ((verb === "pause" || verb === "end" || verb === "status" || verb === "cleanup") && !a)
        return ["session", verb, ...flags];
      throw usage(bin);
    }
    case "session-heartbeat": {
      if (a) throw usage(bin);
      if (verb === undefined) return ["heartbeat", "touch", ...flags];
      if (["touch", "daemon", "stop", "check", "age", "list", "cleanup"].includes(verb))
        return ["heartbeat", verb, ...flags];
      throw usage(bin);
    }
    case "claim-issue": {
      if (verb === undefined) {
        if (!flags.some((f) => f === "--release" || f === "--list" || f === "--status" || f === "--check"))
          throw usage(bin);
        return ["claim", ...flags];
      }
      const title = words.slice(1).join(" ");
      return ["claim", verb, ...(title ? [title] : []), ...flags];
    }
  }
}
