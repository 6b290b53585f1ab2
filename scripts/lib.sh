# Shared by scripts/start.sh and scripts/test.sh: Node check and a pnpm that needs nothing installed.
PNPM_VERSION=10.34.9

need_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "baton needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none)); install it from https://nodejs.org" >&2
    exit 1
  fi
}

pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(command pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    command pnpm "$@"
  else
    npx -y "pnpm@$PNPM_VERSION" "$@"
  fi
}

install_workspace() {
  pnpm install --frozen-lockfile --prefer-offline --reporter=append-only 2>&1 | grep -vE '^(Progress|npm warn Unknown user config)' || true
  [ -d node_modules/.pnpm ] || { echo "pnpm install failed; see the output above" >&2; exit 1; }
}
