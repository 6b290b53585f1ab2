import { packageConfig } from "../../tsup.base.js";

// One file per module, so a bundler that inlines core (the CLI) drops what it never imports — zod
// with the schemas among it — thanks to `sideEffects: false`.
export default packageConfig({
  entry: ["src/**/*.ts", "!src/**/*.test.ts"],
  bundle: false,
  splitting: false,
});
