#!/usr/bin/env node
import { main } from "../main.js";

// exit explicitly: a driver watcher or a half-closed socket must not keep a stopped server alive
process.exit(await main(process.argv.slice(2)));
