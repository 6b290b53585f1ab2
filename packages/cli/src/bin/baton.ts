#!/usr/bin/env node
import { stubMain } from "../stub.js";

stubMain("baton", process.argv.slice(2));
