#!/usr/bin/env node
import { stubMain } from "../stub.js";

stubMain("session-heartbeat", process.argv.slice(2));
