#!/usr/bin/env node
import { dropInMain } from "../drop-ins/drop-in-main.js";

dropInMain("claim-issue", process.argv.slice(2)).then((code) => process.exit(code));
