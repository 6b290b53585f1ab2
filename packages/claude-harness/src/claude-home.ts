import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claudeBinary } from "./claude-bin.js";

/** A throwaway HOME for Claude Code runs: its own `~/.claude`, and `claude` on the PATH it gives. */
export interface ClaudeHome {
  home: string;
  /** `<home>/bin`, holding a `claude` link to the real binary (so a Bash tool can run a nested `claude`). */
  binDir: string;
  /** `<home>/tmp`, Claude Code's temp dir (`CLAUDE_CODE_TMPDIR`), so nothing of a run stays in /tmp. */
  tmpDir: string;
  /** Writes `~/.claude/settings.json`. */
  writeSettings(settings: Record<string, unknown>): void;
  /** Claude Code's `~/.claude/sessions/<pid>.json` files, by file name. */
  sessionFiles(): Record<string, unknown>;
  dispose(): void;
}

/** Makes a temp HOME, optionally with settings. */
export function makeClaudeHome(settings?: Record<string, unknown>): ClaudeHome {
  const home = mkdtempSync(join(tmpdir(), "baton-claude-home-"));
  const claudeDir = join(home, ".claude");
  const binDir = join(home, "bin");
  const tmpDir = join(home, "tmp");
  for (const dir of [claudeDir, binDir, tmpDir]) mkdirSync(dir, { recursive: true });
  symlinkSync(claudeBinary(), join(binDir, "claude"));
  const writeSettings = (value: Record<string, unknown>) =>
    writeFileSync(join(claudeDir, "settings.json"), `${JSON.stringify(value, null, 2)}\n`);
  if (settings) writeSettings(settings);
  return {
    home,
    binDir,
    tmpDir,
    writeSettings,
    sessionFiles() {
      const dir = join(claudeDir, "sessions");
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return {};
      }
      return Object.fromEntries(names.map((n) => [n, JSON.parse(readFileSync(join(dir, n), "utf8"))]));
    },
    // a process the run left (a hook's baton finishing) may still write there: retry as Node does
    dispose: () => rmSync(home, { recursive: true, force: true, maxRetries: 5 }),
  };
}
