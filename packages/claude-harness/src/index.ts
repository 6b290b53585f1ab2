export { claudeBinary } from "./claude-bin.js";
export { type ClaudeHome, makeClaudeHome } from "./claude-home.js";
export {
  PROBE_HOOK,
  type ProbeBehaviour,
  type ProbeRecord,
  probeHooks,
} from "./probe-hooks.js";
export { modelSees, systemMessages, type ToolResult, toolResults } from "./request-view.js";
export {
  claudeEnv,
  killGroup,
  type RunClaudeOptions,
  type RunClaudeResult,
  runClaude,
} from "./run-claude.js";
export {
  type Conversation,
  type ConversationOptions,
  type LoggedRequest,
  type StandIn,
  startStandIn,
} from "./stand-in.js";
export { median, type SessionTimes, type SessionVariant, timeSessions } from "./time-sessions.js";
export {
  bash,
  type ContentBlock,
  type MessagesRequest,
  type ModelTurn,
  type Step,
  text,
  tool,
} from "./turns.js";
