import type { MessagesRequest } from "./turns.js";

/** A tool result Claude Code sent back to the model. */
export interface ToolResult {
  tool_use_id: string;
  content: string;
  is_error: boolean;
}

function blocks(content: MessagesRequest["messages"][number]["content"]): Record<string, unknown>[] {
  return typeof content === "string" ? [{ type: "text", text: content }] : content;
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((b) => textOf((b as { text?: unknown }).text ?? "")).join("\n");
  return "";
}

/** Every tool result in the request's messages, in order. */
export function toolResults(request: MessagesRequest): ToolResult[] {
  return request.messages.flatMap((m) =>
    blocks(m.content)
      .filter((b) => b.type === "tool_result")
      .map((b) => ({
        tool_use_id: String(b.tool_use_id),
        content: textOf(b.content),
        is_error: b.is_error === true,
      })),
  );
}

/**
 * The texts of the request's `system`-role messages: where this Claude Code puts hook
 * `additionalContext`, async hook output and background-task notifications, between the turns.
 */
export function systemMessages(request: MessagesRequest): string[] {
  return request.messages
    .filter((m) => m.role === "system")
    .map((m) =>
      blocks(m.content)
        .map((b) => textOf(b.text ?? ""))
        .join("\n"),
    );
}

/** Whether `needle` appears anywhere in what the model is shown: the messages and the system prompt. */
export function modelSees(request: MessagesRequest, needle: string): boolean {
  return JSON.stringify([request.messages, request.system]).includes(JSON.stringify(needle).slice(1, -1));
}
