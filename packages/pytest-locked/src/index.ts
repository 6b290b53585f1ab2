export { HELP, VERSION } from "./help.js";
export { loadDriver } from "./load-driver.js";
export { pytestLockName } from "./lock-name.js";
export type { MainOptions } from "./main.js";
export { MAX_WAIT_SECONDS, main } from "./main.js";
export type { PytestCommand } from "./pytest-command.js";
export { findExecutable, resolvePytestCommand } from "./pytest-command.js";
export { splitShellWords } from "./shell-words.js";
