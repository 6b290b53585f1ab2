#!/usr/bin/env node
import { dropInMain } from "../drop-ins/drop-in-main.js";

process.exit(await dropInMain("session-heartbeat", process.argv.slice(2)));
