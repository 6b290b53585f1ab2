import { existsSync, realpathSync } from "node:fs";
import { chmod, copyFile, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { EXIT } from "../exit-codes.js";
import { gitHookState } from "../hooks/git-hook.js";
import { type BatonInvocation, currentInvocation } from "../hooks/hook-commands.js";
import { batonHooks } from "../hooks/hook-table.js";
import {
  type HooksState,
  hooksState,
  installHooks,
  type SettingsEdit,
  settingsChanged,
  uninstallHooks,
} from "../hooks/settings.js";
import { Output } from "../output.js";
import { gitHookLine, installGit, statusGit, uninstallGit } from "./git-hook.js";

export interface HooksOptions {
  user?: boolean;
  project?: boolean;
  json?: boolean;
  /** Install the edit check so that it warns the model instead of denying the edit. */
  warn?: boolean;
  /** The current repository's git pre-commit hook instead of Claude Code's settings. */
  git?: boolean;
}

/** `~/.claude/settings.json` (default, `--user`) or `./.claude/settings.json` (`--project`). */
export function settingsPath(
  o: { project?: boolean },
  cwd = process.cwd(),
  home = process.env.HOME ?? homedir(),
): string {
  return o.project ? join(cwd, ".claude", "settings.json") : join(home, ".claude", "settings.json");
}

/** A settings file baton's hooks may live in, and the command that installs them there. */
export interface SettingsFile {
  path: string;
  install: string;
}

/** The settings files `hooks status` and `doctor` look at: the one asked for, else user and project. */
export function settingsFiles(
  o: HooksOptions,
  cwd = process.cwd(),
  home = process.env.HOME ?? homedir(),
): SettingsFile[] {
  const user = { path: settingsPath({}, cwd, home), install: "baton hooks install" };
  const project = {
    path: settingsPath({ project: true }, cwd, home),
    install: "baton hooks install --project",
  };
  if (o.project) return [project];
  // Run from HOME, the project's file is the user's.
  return o.user || project.path === user.path ? [user] : [user, project];
}

export async function readSettings(path: string): Promise<string | null> {
  return existsSync(path) ? readFile(path, "utf8") : null;
}

/**
 * Writes the new text atomically (temp file and rename) with the file's mode, through a symlink to
 * its target (a dotfiles link stays a link), after copying the old file to `<path>.baton-backup`.
 */
async function write(path: string, before: string | null, text: string): Promise<string | null> {
  await mkdir(dirname(path), { recursive: true });
  const target = before === null ? path : realpathSync(path);
  let backup: string | null = null;
  if (before !== null) {
    backup = `${path}.baton-backup`;
    await copyFile(target, backup);
  }
  const temp = `${target}.baton-${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  if (before !== null) await chmod(temp, (await stat(target)).mode & 0o777);
  await rename(temp, target);
  return backup;
}

function humanEdit(out: Output, path: string, edit: SettingsEdit, backup: string | null): string[] {
  if (!settingsChanged(edit)) return [out.dim(`baton's hooks in ${path} are current; nothing to change`)];
  const lines = [`${path}${backup ? out.dim(` (backup: ${backup})`) : ""}:`];
  for (const r of edit.removed) {
    const what = r.kind === "original" ? "replaced the original's" : "replaced an earlier baton";
    lines.push(`  ${out.yellow("-")} ${r.event}: ${r.command}  ${out.dim(`(${what} hook)`)}`);
  }
  for (const a of edit.added) lines.push(`  ${out.green("+")} ${a.event}: ${a.command}`);
  return lines;
}

async function change(
  o: HooksOptions,
  edit: (text: string | null, path: string) => SettingsEdit,
): Promise<number> {
  const out = new Output(o.json === true);
  const path = settingsPath(o);
  const before = await readSettings(path);
  const result = edit(before, path);
  const backup = settingsChanged(result) ? await write(path, before, result.text) : null;
  out.result({ settings: path, added: result.added, removed: result.removed, backup }, () =>
    humanEdit(out, path, result, backup),
  );
  return EXIT.ok;
}

export const install = (o: HooksOptions, invocation: BatonInvocation = currentInvocation()) =>
  o.git
    ? installGit(o, invocation)
    : change(o, (text, path) => installHooks(text, invocation, path, batonHooks({ warn: o.warn === true })));
export const uninstall = (o: HooksOptions, invocation: BatonInvocation = currentInvocation()) =>
  o.git ? uninstallGit(o, invocation) : change(o, uninstallHooks);

/**
 * One line per settings file, saying whether baton's hooks are current and what to do if not
 * (with `withOriginal`, the original scripts' hooks count too: `doctor` lists them on lines of their own).
 */
export function stateLine(out: Output, file: SettingsFile, state: HooksState, withOriginal = true): string {
  const original = withOriginal ? state.original.length : 0;
  const present = state.entries.some((e) => e.state !== "missing") || state.stale.length > 0;
  if (!present && original === 0) return `${out.dim("·")} hooks in ${file.path}: none`;
  const problems = [
    ...state.entries.filter((e) => e.state !== "current").map((e) => `${e.event} ${e.state}`),
    ...(state.duplicates ? [`${state.duplicates} duplicated`] : []),
    ...(original ? [`${original} of the original scripts'`] : []),
  ];
  if (problems.length === 0) return `${out.green("✓")} hooks in ${file.path}: current`;
  return `${out.red("✗")} hooks in ${file.path}: ${problems.join(", ")}; run: ${file.install}`;
}

/** Whether each settings file holds this version's hooks (and, read by a person in a repository, its git hook). */
export async function hooksStatus(o: HooksOptions, invocation: BatonInvocation = currentInvocation()) {
  if (o.git) return statusGit(o, invocation);
  const out = new Output(o.json === true);
  const git = out.json ? null : await gitHookState(process.cwd(), invocation).catch(() => null);
  const files = settingsFiles(o);
  const found = await Promise.all(
    files.map(async (file) => ({
      settings: file.path,
      ...hooksState(await readSettings(file.path), invocation, file.path),
    })),
  );
  out.result(found, () => [
    ...found.map((f, i) => stateLine(out, files[i]!, f)),
    ...(git ? [gitHookLine(out, git.hook, git.state)] : []),
  ]);
  return EXIT.ok;
}
