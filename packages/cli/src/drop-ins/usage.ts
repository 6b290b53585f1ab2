import type { DropIn } from "./route.js";

const COMMON = `Options (baton's, anywhere): --json  --session ID  --backend file|redis
Environment: CLAUDE_SESSION_ID (or BATON_SESSION_ID), COORDINATION_DIR, COORDINATION_BACKEND,
  REDIS_URL and the rest of baton's settings; .claude/config.yml as for baton.
Exit codes: 0 ok, 1 held or refused, 2 invalid arguments, 3 timed out waiting, 4 backend unavailable.
This is baton's drop-in for the original script; see "Coming from the original scripts" in
the @agent-baton/cli README for where it deliberately differs.`;

/** Each drop-in's --help: the original's usage, as baton runs it. */
export const USAGE: Record<DropIn, string> = {
  "session-lock": `Usage: session-lock COMMAND [ARGS...]

Commands:
  acquire LOCK_NAME [TIMEOUT]  Take a lock that lasts TIMEOUT seconds (default DEFAULT_LOCK_TIMEOUT,
                               300); while another session holds it, wait up to max_wait_seconds
                               (MAX_WAIT_SECONDS, default 120) with a line on stderr every 2 s,
                               then exit 3. Your own lock is extended.
  release LOCK_NAME            Release your lock (exit 0 also when nobody holds it; 1 when another does)
  check LOCK_NAME              Print "available" (exit 0) or "held by SESSION" (exit 1)
  wait LOCK_NAME [TIMEOUT]     Wait until it is free without taking it, up to TIMEOUT seconds
                               (default max_wait_seconds); exit 3 when it stays held
  list [PATTERN]               List held locks
  info LOCK_NAME               Print the lock's record as JSON (exit 1 when nobody holds it)
  force-release LOCK_NAME      Break a lock whoever holds it (admin; exit 0 also when nobody holds it)
  status                       Sessions, locks and claims at a glance
  extend LOCK_NAME [TTL]       Reset your lock's lifetime (baton's)
  cleanup                      Remove dead and abandoned sessions and their locks (baton's)

Examples:
  session-lock acquire pytest-nhl-api 300
  trap 'session-lock release pytest-nhl-api' EXIT
  session-lock wait merge-nhl-api-main 60

${COMMON}`,

  "session-register": `Usage: session-register COMMAND [ARGS]

Session commands:
  start [METADATA_JSON]   Register this session
  pause                   Mark this session paused
  end                     End this session, releasing its locks and claim
  status                  Every session with its state, claim and locks
  cleanup                 Remove dead and abandoned sessions with their locks and claims

Issue claiming commands:
  claim OWNER/REPO NUM [TITLE] [PREFIX]  Claim an issue for this session (prints the terminal label
                                         last; an empty OWNER/REPO uses REPO_INFO; also: claim NUM [TITLE])
  release-claim                          Release this session's claim
  list-claims [OWNER/REPO]               Live claims as a JSON array
  find-claim OWNER REPO NUM              Print the session holding the issue (empty when none)

Examples:
  session-register claim cooneycw/NHL-API 167 "Player Landing"
  session-register find-claim cooneycw NHL-API 167

${COMMON}`,

  "session-heartbeat": `Usage: session-heartbeat [COMMAND] [ARGS]

Commands:
  touch        Mark this session active now, silently (the default with no command)
  daemon       Start a background heartbeat daemon for this session
  stop         Stop this session's daemon
  check [ID]   Print the session's state (default: this session); exit 0 active or idle, 1 otherwise
  age [ID]     Seconds since the session's last heartbeat (-1 and exit 1 when it has none)
  list         Every session's heartbeat
  cleanup      Remove dead and abandoned sessions

${COMMON}`,

  "claim-issue": `Usage:
  claim-issue NUM [TITLE]       Claim an issue (repository from git origin, or --repo OWNER/REPO)
  claim-issue --release, -r     Release this session's claim
  claim-issue --list, -l        Live claims of this repository (of all when there is none)
  claim-issue --check, -c NUM   Exit 0 when the issue is free or yours, 1 when another session holds it
  claim-issue --status, -s      This session's claim

Examples:
  claim-issue 167 "Player Landing Page"
  claim-issue --check 167

${COMMON}`,
};
