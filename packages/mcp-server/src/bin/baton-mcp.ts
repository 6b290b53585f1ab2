#!/usr/bin/env node
import { stubMain } from "../stub.js";

stubMain("baton-mcp", process.argv.slice(2));
