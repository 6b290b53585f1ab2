import type { HookInput } from "./hook-input.js";

/** Claude Code's tools that change files: the ones the edit-time reservation check answers for. */
export const EDIT_TOOLS = ["Edit", "Write", "MultiEdit", "NotebookEdit"] as const;

/**
 * The file a PreToolUse call of Claude Code's editing tools would change: `file_path` (Edit,
 * Write, MultiEdit) or `notebook_path` (NotebookEdit). None for any other tool.
 */
export function editPaths(input: HookInput): string[] {
  if (!EDIT_TOOLS.includes(input.tool_name as (typeof EDIT_TOOLS)[number])) return [];
  const toolInput = input.tool_input;
  if (typeof toolInput !== "object" || toolInput === null) return [];
  const { file_path, notebook_path } = toolInput as Record<string, unknown>;
  return [file_path, notebook_path].filter((p): p is string => typeof p === "string" && p !== "");
}
