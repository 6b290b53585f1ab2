#!/usr/bin/env bash
# Installs what baton needs, builds it, and runs its main job: the MCP server on the embedded file
# backend at 127.0.0.1:8082. Extra arguments go to baton-mcp (e.g. --stdio, --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_node
install_workspace
pnpm exec turbo run build --output-logs=errors-only
exec node packages/mcp-server/dist/bin/baton-mcp.js "$@"
