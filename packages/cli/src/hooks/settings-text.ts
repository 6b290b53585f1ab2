import { ConfigError } from "@agent-baton/core";
import { applyEdits, type FormattingOptions, type JSONPath, modify } from "jsonc-parser";

/** A hook as settings.json holds it (also the flat `{type, command}` form older files put under an event). */
export type RawHook = { type?: unknown; command?: unknown; [key: string]: unknown };
export type RawGroup = { matcher?: unknown; hooks?: unknown; [key: string]: unknown };
export type Settings = { hooks?: Record<string, unknown>; [key: string]: unknown };

/** Parses settings.json; an empty or missing file is `{}`. Anything Claude Code would not read is refused. */
export function parseSettings(text: string | null, path: string): Settings {
  if (text === null || text.trim() === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `${path}: not valid JSON (${(error as Error).message}); fix it before changing hooks`,
      { cause: error },
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new ConfigError(`${path}: expected a JSON object`);
  const hooks = (data as Settings).hooks;
  if (hooks === undefined) return data as Settings;
  if (typeof hooks !== "object" || hooks === null || Array.isArray(hooks))
    throw new ConfigError(`${path}: hooks: expected an object of events`);
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) throw new ConfigError(`${path}: hooks.${event}: expected an array`);
  }
  return data as Settings;
}

/** The file's own indentation and line ends, for the lines baton adds. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith("\t")) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent?.length ?? 2, eol };
}

/**
 * Changes settings.json text in place with jsonc-parser: every line baton does not add or remove
 * stays byte for byte, except the lines its edits touch, which take the file's indentation.
 */
export class SettingsText {
  private readonly format: FormattingOptions;

  constructor(public text: string) {
    this.format = formattingOf(text);
  }

  /** Sets (or with `undefined` removes) the value at `path`; `insert` inserts into an array at the index (-1: at the end). */
  set(path: JSONPath, value: unknown, insert = false): void {
    const edits = modify(this.text, path, value, {
      formattingOptions: this.format,
      isArrayInsertion: insert,
    });
    this.text = applyEdits(this.text, edits);
  }
}
