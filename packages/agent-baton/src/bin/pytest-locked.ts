#!/usr/bin/env node
import { runPackageBin } from "../run-bin.js";

await runPackageBin("@agent-baton/pytest-locked", "pytest-locked");
