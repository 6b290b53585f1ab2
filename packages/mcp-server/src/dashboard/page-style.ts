/** The dashboard's stylesheet: light, or dark when the system asks for it. */
export const PAGE_STYLE = `
:root {
  --bg: #f6f7f9; --panel: #fff; --text: #1d2330; --muted: #6b7385; --line: #e3e6ec;
  --ok: #1f9d55; --idle: #2b7bb9; --warn: #c98a00; --bad: #d0342c; --accent: #6b4fd8;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151b; --panel: #1a1e26; --text: #e4e7ee; --muted: #8d95a7; --line: #2a303b; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.4 system-ui, sans-serif; }
header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 10px 18px;
  background: var(--panel); border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 18px; letter-spacing: .5px; }
header .where { color: var(--muted); font-family: var(--mono); font-size: 12px; }
header .spacer { flex: 1; }
#status { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: var(--line); }
#status.ok { background: color-mix(in srgb, var(--ok) 20%, transparent); color: var(--ok); }
#status.warn { background: color-mix(in srgb, var(--warn) 20%, transparent); color: var(--warn); }
#status.bad { background: color-mix(in srgb, var(--bad) 20%, transparent); color: var(--bad); }
#auth { display: flex; gap: 6px; }
#auth[hidden], #forget[hidden], #problem[hidden] { display: none; }
input, button { font: inherit; font-size: 12px; padding: 3px 8px; border: 1px solid var(--line);
  border-radius: 4px; background: var(--bg); color: var(--text); }
button { cursor: pointer; }
button.danger { color: var(--bad); border-color: color-mix(in srgb, var(--bad) 40%, transparent); }
#problem { margin: 10px 18px 0; padding: 8px 12px; border-radius: 6px; color: var(--bad);
  background: color-mix(in srgb, var(--bad) 12%, transparent); }
#toast { position: fixed; bottom: 16px; right: 16px; padding: 8px 14px; border-radius: 6px;
  background: var(--text); color: var(--bg); opacity: 0; transition: opacity .3s; }
#toast.shown { opacity: .92; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 14px; padding: 14px 18px; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 0; }
section.wide { grid-column: 1 / -1; }
h2 { margin: 0 0 8px; font-size: 13px; text-transform: uppercase; letter-spacing: 1px; color: var(--muted); }
h2 .count { color: var(--text); margin-left: 4px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 500; color: var(--muted); font-size: 11px; text-transform: uppercase;
  padding: 3px 6px; border-bottom: 1px solid var(--line); }
td { padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; }
.mono { font-family: var(--mono); font-size: 12px; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; padding: 6px; }
.chip { display: inline-flex; align-items: center; gap: 5px; font-family: var(--mono); font-size: 12px; }
.chip i { width: 10px; height: 10px; border-radius: 3px; display: inline-block; }
.tier { font-size: 11px; padding: 1px 7px; border-radius: 9px; font-weight: 600; }
.tier-active { color: var(--ok); background: color-mix(in srgb, var(--ok) 14%, transparent); }
.tier-idle { color: var(--idle); background: color-mix(in srgb, var(--idle) 14%, transparent); }
.tier-stale { color: var(--warn); background: color-mix(in srgb, var(--warn) 16%, transparent); }
.tier-abandoned, .tier-dead, .tier-none { color: var(--bad); background: color-mix(in srgb, var(--bad) 14%, transparent); }
.ttl-low { color: var(--warn); font-weight: 600; }
.request { color: var(--warn); font-size: 12px; }
.line-waiter { margin-right: 8px; }
ol#events { list-style: none; margin: 0; padding: 0; font-size: 12.5px; max-height: 360px; overflow: auto; }
ol#events li { padding: 3px 0; border-bottom: 1px solid var(--line); display: flex; gap: 8px; flex-wrap: wrap; }
.ev { font-family: var(--mono); font-size: 12px; min-width: 170px; }
.ev-good { color: var(--ok); } .ev-bad { color: var(--bad); } .ev-wait { color: var(--accent); }
.tl-axis, .tl-row { display: grid; grid-template-columns: 200px 1fr; align-items: center; }
.tl-axis { font-size: 11px; color: var(--muted); margin-bottom: 4px; }
.tl-ticks { position: relative; height: 16px; }
.tl-ticks span { position: absolute; transform: translateX(-50%); white-space: nowrap; }
.tl-ticks span:first-child { transform: none; }
.tl-ticks span:last-child { transform: translateX(-100%); }
.tl-row { border-top: 1px solid var(--line); }
.tl-label { font-family: var(--mono); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: 8px; }
.tl-track { position: relative; min-height: 22px; margin: 3px 0;
  background-image: linear-gradient(to right, var(--line) 1px, transparent 1px); background-size: calc(100% / 6) 100%; }
.tl-bar { position: absolute; height: 16px; border-radius: 3px; color: #fff; font: 10.5px/16px var(--mono);
  padding-left: 4px; overflow: hidden; white-space: nowrap; min-width: 3px; }
.tl-bar.open { background-image: linear-gradient(to right, transparent calc(100% - 4px), rgba(255,255,255,.75) calc(100% - 4px)); }
.zoom { margin-left: 10px; text-transform: none; letter-spacing: 0; }
.zoom a { margin-right: 8px; color: var(--muted); text-decoration: none; font-weight: 400; }
.zoom a.on { color: var(--text); font-weight: 600; border-bottom: 2px solid var(--accent); }
.tl-legend { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 8px; font-size: 12px; }
`;
