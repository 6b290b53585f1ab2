#!/usr/bin/env node
import { dropInMain } from "../drop-ins/drop-in-main.js";

process.exit(await dropInMain("claim-issue", process.argv.slice(2)));
