#!/usr/bin/env node
import { exitWhenFlushed } from "../exit-when-flushed.js";
import { main } from "../main.js";

main(process.argv.slice(2)).then(exitWhenFlushed);
