import { createRequire } from "node:module";

export const VERSION = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

export const HELP = `Usage: pytest-locked [pytest args…]
       pytest-locked -- [pytest args…]   (everything after a leading -- goes to pytest, e.g. -- --help)

Runs pytest while holding the lock pytest-<repo>, shared by every worktree and clone of the
repository, so two sessions never run one suite at once. Waits for the lock (up to an hour),
saying on stderr who holds it when the wait starts, when the holder changes and every 10 s;
renews it while pytest runs; releases it on every exit, Ctrl+C included; exits with pytest's code.

Options (only as the first argument; pytest's own --help is \`pytest-locked -- --help\`):
  -h, --help      this help
  -V, --version   pytest-locked's version

Environment:
  PYTEST_BIN            the pytest command, split like shell words (default: pytest on PATH,
                        else python3 -m pytest), e.g. PYTEST_BIN='uv run pytest'
  PYTEST_LOCK_TIMEOUT   lock TTL in seconds, renewed every third of it (default 300)
  COORDINATION_BACKEND  file (default) or redis; COORDINATION_DIR, REDIS_URL and the rest
                        as for every baton command

Exit codes: pytest's own; 75 when the lock was lost and pytest's process group was ended;
2 when pytest cannot be found; 3 when the wait timed out;
128+N when interrupted by signal N while waiting; 4 when the backend is unreachable.`;
