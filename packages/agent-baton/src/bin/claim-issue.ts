#!/usr/bin/env node
import { runPackageBin } from "../run-bin.js";

await runPackageBin("@agent-baton/cli", "claim-issue");
