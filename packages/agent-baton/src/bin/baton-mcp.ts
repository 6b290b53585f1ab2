#!/usr/bin/env node
import "@agent-baton/mcp-server/bin/baton-mcp";
