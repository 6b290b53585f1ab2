import { randomUUID } from "node:crypto";

/** One block of an assistant message, as the Messages API returns it. */
export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

/** What the stand-in model answers to one main-loop request. */
export interface ModelTurn {
  content: ContentBlock[];
}

/** A request body Claude Code POSTed to `/v1/messages` (only the fields tests read are typed). */
export interface MessagesRequest {
  model?: string;
  stream?: boolean;
  system?: string | { type: string; text?: string }[];
  /** This Claude Code also sends `system`-role messages between turns (hook context, notifications). */
  messages: { role: "user" | "assistant" | "system"; content: string | Record<string, unknown>[] }[];
  tools?: { name: string }[];
  [key: string]: unknown;
}

/**
 * A scripted step: a fixed turn, or one computed from the request (e.g. to echo what a hook said),
 * possibly after acting between the turns (e.g. as another session).
 */
export type Step = ModelTurn | ((request: MessagesRequest) => ModelTurn | Promise<ModelTurn>);

/** The model says `text` and ends its turn. */
export function text(value: string): ModelTurn {
  return { content: [{ type: "text", text: value }] };
}

/** The model calls tool `name` with `input`. */
export function tool(name: string, input: Record<string, unknown>): ModelTurn {
  return { content: [{ type: "tool_use", id: `toolu_${randomUUID().replace(/-/g, "")}`, name, input }] };
}

/** The model runs `command` with the Bash tool. */
export function bash(command: string, description = "run a command"): ModelTurn {
  return tool("Bash", { command, description });
}
