// Stand-in for pytest. Appends "<RUN_ID> start|end <ms>" to LOG, writes its argv as JSON to ARGS,
// writes its pid to STARTED, waits for the file WAIT_FOR (bounded) and SLEEP_MS, then exits with EXIT.
import { appendFileSync, existsSync, writeFileSync } from "node:fs";

const env = process.env;
const id = env.RUN_ID ?? String(process.pid);
const log = (what) => env.LOG && appendFileSync(env.LOG, `${id} ${what} ${Date.now()}\n`);
log("start");
if (env.ARGS) writeFileSync(env.ARGS, JSON.stringify(process.argv.slice(2)));
if (env.LOCK_SEEN) writeFileSync(env.LOCK_SEEN, `${env.BATON_LOCK_NAME} ${env.BATON_FENCING_TOKEN}`);
if (env.STARTED) writeFileSync(env.STARTED, String(process.pid));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
if (env.WAIT_FOR) {
  const until = Date.now() + 20_000;
  while (!existsSync(env.WAIT_FOR) && Date.now() < until) await sleep(20);
}
await sleep(Number(env.SLEEP_MS ?? 0));
log("end");
process.exit(Number(env.EXIT ?? 0));
