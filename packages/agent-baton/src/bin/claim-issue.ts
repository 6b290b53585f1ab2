#!/usr/bin/env node
import "@agent-baton/cli/bin/claim-issue";
