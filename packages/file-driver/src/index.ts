export type { FileDriverOptions } from "./create-file-driver.js";
export { createFileDriver } from "./create-file-driver.js";
export { encodeName } from "./file-names.js";
export { driverFromConfig } from "./from-config.js";
export type { FsLayer } from "./fs-layer.js";
