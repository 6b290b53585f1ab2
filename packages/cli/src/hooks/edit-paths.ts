import type { HookInput } from "./hook-input.js";

/**
 * The file a PreToolUse call of Claude Code's editing tools would change: `file_path` (Edit,
 * Write, MultiEdit) or `notebook_path` (NotebookEdit). None for anything else.
 */
export function editPaths(input: HookInput): string[] {
  const toolInput = input.tool_input;
  if (typeof toolInput !== "object" || toolInput === null) return [];
  const { file_path, notebook_path } = toolInput as Record<string, unknown>;
  return [file_path, notebook_path].filter((p): p is string => typeof p === "string" && p !== "");
}
