import { randomUUID } from "node:crypto";
import type { ContentBlock, ModelTurn } from "./turns.js";

const USAGE = {
  input_tokens: 10,
  output_tokens: 5,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function stopReason(turn: ModelTurn): "tool_use" | "end_turn" {
  return turn.content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
}

/** The turn as a complete (non-streamed) Messages API response. */
export function messageJson(turn: ModelTurn, model: string): Record<string, unknown> {
  return {
    id: `msg_${randomUUID().replace(/-/g, "")}`,
    type: "message",
    role: "assistant",
    model,
    content: turn.content,
    stop_reason: stopReason(turn),
    stop_sequence: null,
    usage: USAGE,
  };
}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function blockEvents(block: ContentBlock, index: number): string[] {
  if (block.type === "text") {
    return [
      event("content_block_start", { index, content_block: { type: "text", text: "" } }),
      event("content_block_delta", { index, delta: { type: "text_delta", text: block.text } }),
      event("content_block_stop", { index }),
    ];
  }
  return [
    event("content_block_start", {
      index,
      content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
    }),
    event("content_block_delta", {
      index,
      delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
    }),
    event("content_block_stop", { index }),
  ];
}

/** The turn as the server-sent events of a streamed Messages API response. */
export function messageEvents(turn: ModelTurn, model: string): string {
  const { content: _content, stop_reason, ...start } = messageJson(turn, model);
  return [
    event("message_start", { message: { ...start, content: [], stop_reason: null } }),
    ...turn.content.flatMap(blockEvents),
    event("message_delta", {
      delta: { stop_reason, stop_sequence: null },
      usage: { output_tokens: USAGE.output_tokens },
    }),
    event("message_stop", {}),
  ].join("");
}
