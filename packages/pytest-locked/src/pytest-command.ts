import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { ConfigError } from "@agent-baton/core";
import which from "which";
import { splitShellWords } from "./shell-words.js";

/** The command that runs pytest: an executable plus the words before the user's arguments. */
export interface PytestCommand {
  command: string;
  args: string[];
}

const INSTALL_HINT =
  "install pytest (pip install pytest) or set PYTEST_BIN (e.g. PYTEST_BIN='uv run pytest')";

/**
 * PYTEST_BIN split into words when set; else `pytest` on PATH; else `python3 -m pytest`. Throws a
 * ConfigError naming what is missing, before any lock is taken, when pytest cannot be run.
 */
export function resolvePytestCommand(env: NodeJS.ProcessEnv, cwd: string): PytestCommand {
  const path = env.PATH ?? "";
  const configured = env.PYTEST_BIN?.trim();
  if (configured) {
    const [command, ...args] = splitShellWords(configured, "PYTEST_BIN");
    if (!command) throw new ConfigError(`PYTEST_BIN is empty; ${INSTALL_HINT}`);
    const found = findExecutable(command, path, cwd);
    if (!found)
      throw new ConfigError(
        `pytest is not installed: PYTEST_BIN names ${command}, which is not on PATH; ${INSTALL_HINT}`,
      );
    if (args[0] === "-m" && args[1] === "pytest") requirePytestModule(found, command, env);
    return { command: found, args };
  }
  const pytest = findExecutable("pytest", path, cwd);
  if (pytest) return { command: pytest, args: [] };
  const python = findExecutable("python3", path, cwd);
  if (!python)
    throw new ConfigError(`pytest is not installed: neither pytest nor python3 is on PATH; ${INSTALL_HINT}`);
  requirePytestModule(python, "python3", env);
  return { command: python, args: ["-m", "pytest"] };
}

/** `python -m pytest` with no pytest module fails with a traceback; say so in one line instead. */
function requirePytestModule(python: string, shown: string, env: NodeJS.ProcessEnv): void {
  const probe = spawnSync(
    python,
    ["-c", "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('pytest') else 1)"],
    { env, stdio: "ignore", timeout: 30_000 },
  );
  if (probe.status !== 0)
    throw new ConfigError(`pytest is not installed: ${shown} has no pytest module; ${INSTALL_HINT}`);
}

/**
 * The path a shell would run for `name`: a path when it has a slash (relative to `cwd`, where
 * pytest runs), else the first executable of that name on `path`; null when there is none.
 */
export function findExecutable(name: string, path: string, cwd: string): string | null {
  return which.sync(name.includes("/") ? resolve(cwd, name) : name, { path, nothrow: true });
}
