#!/usr/bin/env node
import { dropInMain } from "../drop-ins/drop-in-main.js";
import { exitWhenFlushed } from "../exit-when-flushed.js";

dropInMain("session-register", process.argv.slice(2)).then(exitWhenFlushed);
