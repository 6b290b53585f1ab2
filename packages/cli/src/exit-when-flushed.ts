/**
 * Exits with `code` once stdout and stderr have taken everything written: `process.exit` right
 * after a write drops what a pipe has not taken yet (a `--json` list cut off at 64 KiB).
 */
export function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
