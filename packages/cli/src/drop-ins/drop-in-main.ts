import { exitCodeFor } from "../exit-codes.js";
import { main } from "../main.js";
import { type DropIn, translate } from "./translate.js";

/** Runs an original script's invocation (`session-lock acquire NAME 60`) as the baton command it stands for. */
export async function dropInMain(bin: DropIn, argv: string[]): Promise<number> {
  let args: string[];
  try {
    args = translate(bin, argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return exitCodeFor(error);
  }
  return main(args, bin);
}
