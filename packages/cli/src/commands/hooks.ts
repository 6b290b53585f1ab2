import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { EXIT } from "../exit-codes.js";
import { gitHookInstalled, hooksDir, installGitHook, uninstallGitHook } from "../hooks/git-hook.js";
import { installedHooks, installHooks, type SettingsEdit, uninstallHooks } from "../hooks/settings.js";
import { Output } from "../output.js";

export interface HooksOptions {
  user?: boolean;
  project?: boolean;
  json?: boolean;
  /** The git pre-commit hook of the repository here, instead of Claude Code's settings. */
  git?: boolean;
  /** Install the edit-time reservation hook in its warn mode. */
  warn?: boolean;
}

/** `~/.claude/settings.json` (default, `--user`) or `./.claude/settings.json` (`--project`). */
export function settingsPath(
  o: { project?: boolean },
  cwd = process.cwd(),
  home = process.env.HOME ?? homedir(),
): string {
  return o.project ? join(cwd, ".claude", "settings.json") : join(home, ".claude", "settings.json");
}

async function readText(path: string): Promise<string | null> {
  return existsSync(path) ? readFile(path, "utf8") : null;
}

async function apply(path: string, before: string | null, edit: SettingsEdit): Promise<string | null> {
  if (edit.changed.length === 0) return null;
  await mkdir(dirname(path), { recursive: true });
  let backup: string | null = null;
  if (before !== null) {
    backup = `${path}.baton-backup`;
    await copyFile(path, backup);
  }
  const temp = `${path}.baton-${process.pid}.tmp`;
  await writeFile(temp, edit.text);
  await rename(temp, path);
  return backup;
}

async function change(
  o: HooksOptions,
  verb: "installed" | "removed",
  edit: (text: string | null, path: string) => SettingsEdit,
): Promise<number> {
  const out = new Output(o.json === true);
  const path = settingsPath(o);
  const before = await readText(path);
  const result = edit(before, path);
  const backup = await apply(path, before, result);
  out.result({ settings: path, [verb]: result.changed, backup }, () =>
    result.changed.length
      ? `${out.green(verb)} ${result.changed.join(", ")} in ${path}${backup ? out.dim(` (backup: ${backup})`) : ""}`
      : out.dim(`nothing to change in ${path}`),
  );
  return EXIT.ok;
}

/** `--git`: baton's pre-commit hook in the hooks folder git uses here (core.hooksPath honoured). */
async function changeGitHook(o: HooksOptions, verb: "installed" | "removed" | "status"): Promise<number> {
  const out = new Output(o.json === true);
  const dir = await hooksDir(process.cwd());
  const hook = join(dir, "pre-commit");
  if (verb === "status") {
    const installed = gitHookInstalled(dir);
    out.result({ hook, installed }, () => `${hook}: ${installed ? out.green("installed") : out.dim("none")}`);
    return EXIT.ok;
  }
  const changed = await (verb === "installed" ? installGitHook(dir) : uninstallGitHook(dir));
  out.result({ hook, [verb]: changed ? ["pre-commit"] : [] }, () =>
    changed ? `${out.green(verb)} pre-commit in ${dir}` : out.dim(`nothing to change in ${dir}`),
  );
  return EXIT.ok;
}

export const install = (o: HooksOptions) =>
  o.git
    ? changeGitHook(o, "installed")
    : change(o, "installed", (text, path) => installHooks(text, path, { warn: o.warn }));
export const uninstall = (o: HooksOptions) =>
  o.git ? changeGitHook(o, "removed") : change(o, "removed", uninstallHooks);

/** Which baton hooks each settings file has. */
export async function hooksStatus(o: HooksOptions): Promise<number> {
  if (o.git) return changeGitHook(o, "status");
  const out = new Output(o.json === true);
  const files = o.user || o.project ? [settingsPath(o)] : [settingsPath({}), settingsPath({ project: true })];
  const found = await Promise.all(
    files.map(async (settings) => ({
      settings,
      installed: installedHooks(await readText(settings), settings),
    })),
  );
  out.result(found, () =>
    found.map(
      (f) => `${f.settings}: ${f.installed.length ? out.green(f.installed.join(", ")) : out.dim("none")}`,
    ),
  );
  return EXIT.ok;
}
