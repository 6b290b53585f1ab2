#!/usr/bin/env node
import { runPackageBin } from "../run-bin.js";

await runPackageBin("@agent-baton/mcp-server", "baton-mcp");
