#!/usr/bin/env node
import { stubMain } from "../stub.js";

stubMain("pytest-locked", process.argv.slice(2));
