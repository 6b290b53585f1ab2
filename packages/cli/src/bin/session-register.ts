#!/usr/bin/env node
import { dropInMain } from "../drop-ins/drop-in-main.js";

dropInMain("session-register", process.argv.slice(2)).then((code) => process.exit(code));
