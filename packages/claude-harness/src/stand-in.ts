import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { messageEvents, messageJson } from "./sse.js";
import { type MessagesRequest, type ModelTurn, type Step, text } from "./turns.js";

/** One HTTP request the stand-in received. */
export interface LoggedRequest {
  method: string;
  /** The path below the conversation's prefix, e.g. `/v1/messages`. */
  path: string;
  /** The parsed JSON body, or null when there was none. */
  body: unknown;
  /** A main-loop `/v1/messages` call (it offers tools), answered from the script; false for side calls. */
  turn: boolean;
  /** When it arrived (epoch milliseconds, comparable with `Date.now()` in hooks). */
  at: number;
}

/** What one Claude Code run talks to: its own script and request log under its own URL prefix. */
export interface Conversation {
  /** Give this to Claude Code as `ANTHROPIC_BASE_URL`. */
  baseUrl: string;
  /** Every request of this conversation, in arrival order. */
  requests: LoggedRequest[];
  /** The bodies of the main-loop requests, in order: what the model was told at each turn. */
  turns(): MessagesRequest[];
  /** Main-loop requests that found the script empty (answered "done"); a test expecting a script to fit checks this is 0. */
  unscripted: number;
  /** A URL for an `"type": "http"` hook: POSTs to it are logged (path `/hook/NAME`) and answered with `hookReplies[name]`. */
  hookUrl(name: string): string;
}

/** How a conversation answers besides its script. */
export interface ConversationOptions {
  /** The JSON each http hook URL answers with (default `{}`); a function gets the posted hook JSON. */
  hookReplies?: Record<string, unknown | ((hookInput: unknown) => unknown)>;
}

/** A local stand-in for the Anthropic Messages API, shared by the runs of a test file. */
export interface StandIn {
  url: string;
  /** A new conversation that answers its main-loop requests with `steps`, in order, then with "done". */
  conversation(steps: Step[], options?: ConversationOptions): Conversation;
  close(): Promise<void>;
}

const PREFIX = /^\/c\/([0-9a-f]{32})(\/.*)$/;
/** When the script is spent, the model ends its turn. */
const SCRIPT_END = text("done");

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw === "") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function isTurn(path: string, body: unknown): body is MessagesRequest {
  if (!path.startsWith("/v1/messages") || path.startsWith("/v1/messages/")) return false;
  const tools = (body as MessagesRequest | null)?.tools;
  return Array.isArray(tools) && tools.length > 0;
}

function reply(res: ServerResponse, request: MessagesRequest, turn: ModelTurn): void {
  const model = request.model ?? "claude-stand-in";
  if (request.stream) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.end(messageEvents(turn, model));
  } else {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(messageJson(turn, model)));
  }
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/** Side calls (titles, summaries, classifiers) get a short harmless message; other endpoints an empty object. */
function answerSide(res: ServerResponse, path: string, body: unknown, options: ConversationOptions): void {
  const hook = /^\/hook\/([^/]+)$/.exec(path);
  if (hook) {
    const answer = options.hookReplies?.[hook[1]!] ?? {};
    json(res, typeof answer === "function" ? answer(body) : answer);
  } else if (path.startsWith("/v1/messages/count_tokens")) {
    json(res, { input_tokens: 10 });
  } else if (path.startsWith("/v1/messages") && body && typeof body === "object") {
    reply(res, body as MessagesRequest, text("ok"));
  } else {
    json(res, {});
  }
}

/** Starts the stand-in on a free loopback port. */
export async function startStandIn(): Promise<StandIn> {
  const conversations = new Map<
    string,
    { conversation: Conversation; steps: Step[]; options: ConversationOptions }
  >();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const match = PREFIX.exec(url.pathname);
    const entry = match ? conversations.get(match[1]!) : undefined;
    const path = match ? match[2]! : url.pathname;
    const body = await readBody(req);
    const turn = isTurn(path, body);
    entry?.conversation.requests.push({ method: req.method ?? "GET", path, body, turn, at: Date.now() });
    if (!entry || !turn) return answerSide(res, path, body, entry?.options ?? {});
    const step = entry.steps.shift();
    if (step === undefined) entry.conversation.unscripted++;
    reply(res, body, step === undefined ? SCRIPT_END : typeof step === "function" ? await step(body) : step);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    conversation(steps, options = {}) {
      const id = randomUUID().replace(/-/g, "");
      const requests: LoggedRequest[] = [];
      const conversation: Conversation = {
        baseUrl: `${url}/c/${id}`,
        requests,
        turns: () => requests.filter((r) => r.turn).map((r) => r.body as MessagesRequest),
        unscripted: 0,
        hookUrl: (name) => `${url}/c/${id}/hook/${name}`,
      };
      conversations.set(id, { conversation, steps: [...steps], options });
      return conversation;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
