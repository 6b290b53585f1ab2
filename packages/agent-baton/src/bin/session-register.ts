#!/usr/bin/env node
import { stubMain } from "../stub.js";

stubMain("session-register", process.argv.slice(2));
