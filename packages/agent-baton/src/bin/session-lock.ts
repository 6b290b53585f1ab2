#!/usr/bin/env node
import { stubMain } from "../stub.js";

stubMain("session-lock", process.argv.slice(2));
