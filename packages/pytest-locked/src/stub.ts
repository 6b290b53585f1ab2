import { createRequire } from "node:module";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** Until this package's own issue lands, its bins say so plainly instead of pretending to work. */
export function stubMain(bin: string, argv: string[]): void {
  if (argv.includes("--version") || argv.includes("-V")) {
    console.log(version);
    return;
  }
  console.log(
    `Usage: ${bin} [options]\n\n${bin} ${version} is not implemented yet; only --help and --version work.`,
  );
}
