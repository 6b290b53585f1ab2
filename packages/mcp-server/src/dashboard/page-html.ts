import { PAGE_SCRIPT } from "./page-script.js";
import { PAGE_STYLE } from "./page-style.js";

export interface PageOptions {
  /** Allows this response's one style and one script, and nothing else (the page's CSP). */
  nonce: string;
  /** The server has BATON_MCP_TOKEN: the page asks for it, sends it, and offers force-release. */
  tokenConfigured: boolean;
  version: string;
}

const head = (cells: string[]) => `<thead><tr>${cells.map((c) => `<th>${c}</th>`).join("")}</tr></thead>`;

/** The whole dashboard as one HTML document: markup, style and script inline, data from `/events`. */
export function dashboardPage({ nonce, tokenConfigured, version }: PageOptions): string {
  const lockColumns = ["Lock", "Holder", "Held", "TTL left", "Token", "Waiting in line"];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>baton</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${PAGE_STYLE}</style>
</head>
<body data-auth="${tokenConfigured ? "token" : "open"}">
<header>
  <h1>baton</h1>
  <span class="where" id="where"></span>
  <span class="muted" id="asof"></span>
  <span class="spacer"></span>
  <form id="auth" hidden>
    <input id="token" type="password" placeholder="BATON_MCP_TOKEN" autocomplete="off" aria-label="server token">
    <input id="as" placeholder="your name, for the record" aria-label="your name">
    <button type="submit">Use token</button>
  </form>
  <button id="forget" type="button" hidden>Forget token</button>
  <span id="status">connecting…</span>
  <span class="muted">baton-mcp ${version}</span>
</header>
<div id="problem" hidden></div>
<main>
  <section class="wide" id="timeline-panel">
    <h2>Who held which lock <span class="zoom" id="zoom"></span></h2>
    <div id="timeline"></div>
    <div class="tl-legend" id="legend"></div>
  </section>
  <section>
    <h2>Locks<span class="count" id="locks-count"></span></h2>
    <table id="locks">${head(tokenConfigured ? [...lockColumns, ""] : lockColumns)}<tbody id="locks-body"></tbody></table>
  </section>
  <section>
    <h2>Sessions<span class="count" id="sessions-count"></span></h2>
    <table id="sessions">${head(["Session", "Tier", "Heartbeat", "Host", "Branch", "Holds", "Claim"])}<tbody id="sessions-body"></tbody></table>
  </section>
  <section>
    <h2>Claims<span class="count" id="claims-count"></span></h2>
    <table id="claims">${head(["Issue", "Repository", "Session", "Tier", "Since"])}<tbody id="claims-body"></tbody></table>
  </section>
  <section>
    <h2>Events</h2>
    <ol id="events"></ol>
  </section>
</main>
<div id="toast" role="status"></div>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
