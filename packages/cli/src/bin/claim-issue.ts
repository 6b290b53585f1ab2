#!/usr/bin/env node
import { stubMain } from "../stub.js";

stubMain("claim-issue", process.argv.slice(2));
