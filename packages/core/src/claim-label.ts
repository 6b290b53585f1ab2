/** Words that say what kind of repository it is, not which: dropped before making a prefix. */
const GENERIC = new Set([
  "api",
  "app",
  "apps",
  "service",
  "server",
  "client",
  "lib",
  "sdk",
  "cli",
  "web",
  "backend",
  "frontend",
]);

/**
 * The label prefix for a repository: `nhl-api` → `NHL`, `claude-power-pack` → `CPP`, `baton` → `BATON`.
 * Generic words are dropped; one word left is upper-cased (at most 6 letters), several give initials.
 */
export function repoPrefix(repo: string): string {
  const name = repo.includes("/") ? repo.slice(repo.lastIndexOf("/") + 1) : repo;
  const words = name.split(/[-_.\s]+/).filter(Boolean);
  const specific = words.filter((w) => !GENERIC.has(w.toLowerCase()));
  const used = specific.length > 0 ? specific : words;
  if (used.length === 0) return "ISSUE";
  if (used.length === 1) return used[0]!.slice(0, 6).toUpperCase();
  return used
    .map((w) => w[0]!)
    .join("")
    .toUpperCase();
}

/** The terminal label of a claim: `PREFIX #N: title`. */
export function claimLabel(repo: string, issue: number, title: string): string {
  return `${repoPrefix(repo)} #${issue}: ${title}`;
}

/** The issue's title from `gh issue view`, or null when gh is missing, not logged in, or slow. */
export async function ghIssueTitle(repo: string, issue: number): Promise<string | null> {
  const { execFile } = await import("node:child_process");
  return new Promise((done) => {
    execFile(
      "gh",
      ["issue", "view", String(issue), "--repo", repo, "--json", "title", "--jq", ".title"],
      { timeout: 5_000, encoding: "utf8" },
      (error, stdout) => done(error ? null : stdout.trim() || null),
    );
  });
}
