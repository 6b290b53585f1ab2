import { createMemoryDriver } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { call, type LinkedClient, linkedClient } from "../test/in-memory-client.js";
import { InFlight } from "./in-flight.js";

const TOOLS = [
  "acquire_lock",
  "release_lock",
  "check_lock",
  "list_locks",
  "register_session",
  "heartbeat",
  "session_status",
  "health_check",
  "extend_lock",
  "end_session",
  "claim_issue",
  "release_claim",
  "list_claims",
  "request_release",
  "notices",
  "lock_history",
  "reserve_paths",
  "release_paths",
  "list_reservations",
  "check_overlaps",
];

describe("baton tools through the SDK Client over InMemoryTransport", () => {
  const open: LinkedClient[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
  });
  const link = async (driver: ReturnType<typeof createMemoryDriver>, id: string) => {
    const c = await linkedClient(driver, id);
    open.push(c);
    return c;
  };

  it("lists the original's eight tools plus ours, each with input and output schemas and annotations", async () => {
    const { client } = await link(createMemoryDriver({}), "a");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe("object");
      // every result may carry the session's pending notices
      expect(tool.outputSchema?.properties?.notices, tool.name).toMatchObject({ type: "array" });
      expect(tool.annotations?.readOnlyHint).toBeTypeOf("boolean");
      expect(tool.annotations?.destructiveHint).toBeTypeOf("boolean");
    }
    const acquire = tools.find((t) => t.name === "acquire_lock")!;
    expect(Object.keys(acquire.inputSchema.properties ?? {})).toEqual([
      "lock_name",
      "timeout_seconds",
      "wait_seconds",
      "slots",
      "shared",
    ]);
    expect(tools.find((t) => t.name === "check_lock")!.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === "release_lock")!.annotations?.destructiveHint).toBe(true);
  });

  it("acquire, held by another, not owner, release: domain outcomes are normal results with the original's fields", async () => {
    const driver = createMemoryDriver({});
    const a = await link(driver, "sess-a");
    const b = await link(driver, "sess-b");
    const got = await call(a.client, "acquire_lock", { lock_name: "pytest-api", timeout_seconds: 60 });
    expect(got).toMatchObject({ success: true, acquired: true, lock_name: "resource:pytest-api" });
    expect(got.fencing_token).toBeTypeOf("number");
    expect(got.expires_at).toBeTypeOf("string");

    const again = await call(a.client, "acquire_lock", { lock_name: "pytest-api" });
    expect(again).toMatchObject({ success: true, extended: true, fencing_token: got.fencing_token });

    const refused = await call(b.client, "acquire_lock", { lock_name: "pytest-api" });
    expect(refused).toMatchObject({ success: false, acquired: false, reason: "held", held_by: "sess-a" });
    const notOwner = await call(b.client, "release_lock", { lock_name: "pytest-api" });
    expect(notOwner).toMatchObject({ success: false, reason: "not_owner", held_by: "sess-a" });
    const check = await call(b.client, "check_lock", { lock_name: "pytest-api" });
    expect(check).toMatchObject({ available: false, locked: true, mine: false, held_by: "sess-a" });

    const extended = await call(a.client, "extend_lock", { lock_name: "pytest-api", timeout_seconds: 600 });
    expect(extended).toMatchObject({ success: true, extended: true });
    const list = await call(b.client, "list_locks", {});
    expect(list).toMatchObject({ count: 1, locks: [{ lock_name: "resource:pytest-api", mine: false }] });

    expect(await call(a.client, "release_lock", { lock_name: "pytest-api" })).toMatchObject({
      success: true,
      released: true,
    });
    expect(await call(b.client, "release_lock", { lock_name: "pytest-api" })).toMatchObject({
      success: false,
      reason: "lock_not_found",
    });
  });

  it("a waiting acquire is woken by the holder's release", async () => {
    const driver = createMemoryDriver({});
    const a = await link(driver, "wait-a");
    const b = await link(driver, "wait-b");
    await call(a.client, "acquire_lock", { lock_name: "deploy" });
    const waiting = call(b.client, "acquire_lock", { lock_name: "deploy", wait_seconds: 60 });
    await call(a.client, "release_lock", { lock_name: "deploy" });
    expect(await waiting).toMatchObject({ success: true, acquired: true, held_by: "wait-b" });
  });

  it("a waiting acquire reports progress naming the holder, and stops when the client cancels", async () => {
    const driver = createMemoryDriver({});
    const a = await link(driver, "prog-a");
    const inFlight = new InFlight();
    const b = await linkedClient(driver, "prog-b", { inFlight });
    open.push(b);
    await call(a.client, "acquire_lock", { lock_name: "deploy" });
    const progress: string[] = [];
    const cancel = new AbortController();
    const waiting = b.client.callTool(
      { name: "acquire_lock", arguments: { lock_name: "deploy", wait_seconds: 600 } },
      undefined,
      {
        signal: cancel.signal,
        onprogress: (p) => {
          progress.push(p.message ?? "");
          cancel.abort();
        },
      },
    );
    await expect(waiting).rejects.toThrow();
    expect(progress[0]).toContain("held by prog-a");
    // the server stopped waiting too: no call of b's is in flight any more
    await expect.poll(() => inFlight.active).toBe(0);
    expect(await call(a.client, "release_lock", { lock_name: "deploy" })).toMatchObject({ success: true });
    expect(await call(b.client, "acquire_lock", { lock_name: "deploy" })).toMatchObject({ success: true });
  });

  it("bad arguments are isError results naming the argument, and the server keeps serving", async () => {
    const { client } = await link(createMemoryDriver({}), "bad");
    const badName = await client.callTool({ name: "acquire_lock", arguments: { lock_name: "has space" } });
    expect(badName.isError).toBe(true);
    expect(JSON.stringify(badName.content)).toContain("lock_name");
    const badTtl = await client.callTool({
      name: "acquire_lock",
      arguments: { lock_name: "x", timeout_seconds: 0 },
    });
    expect(badTtl.isError).toBe(true);
    expect(JSON.stringify(badTtl.content)).toContain("timeout_seconds");
    const missing = await client.callTool({ name: "release_lock", arguments: {} });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain("lock_name");
    const badIssue = await client.callTool({ name: "claim_issue", arguments: { issue_number: -3 } });
    expect(badIssue.isError).toBe(true);
    expect(JSON.stringify(badIssue.content)).toContain("issue_number");
    const badRepo = await client.callTool({
      name: "claim_issue",
      arguments: { issue_number: 3, repo: "nope" },
    });
    expect(badRepo.isError).toBe(true);
    expect(JSON.stringify(badRepo.content)).toContain("repo");
    expect(await call(client, "health_check")).toMatchObject({ status: "healthy", reachable: true });
  });

  it("sessions: register, heartbeat, status marks me, end releases locks and claim", async () => {
    const driver = createMemoryDriver({});
    const a = await link(driver, "sess-s");
    const reg = await call(a.client, "register_session", { metadata: { task: "auth" } });
    expect(reg).toMatchObject({ success: true, session_id: "sess-s", registered: true });
    expect(await call(a.client, "heartbeat")).toMatchObject({ success: true, session_id: "sess-s" });
    await call(a.client, "acquire_lock", { lock_name: "issue:7" });
    const claim = await call(a.client, "claim_issue", {
      issue_number: 7,
      title: "Fix auth",
      repo: "acme/api",
    });
    expect(claim).toMatchObject({ success: true, claimed: true, label: "API #7: Fix auth" });
    const status = await call(a.client, "session_status");
    expect(status).toMatchObject({ me: "sess-s" });
    expect((status.sessions as Array<Record<string, unknown>>)[0]).toMatchObject({
      session_id: "sess-s",
      tier: "active",
      me: true,
      locks: ["issue:7"],
    });
    expect(await call(a.client, "list_claims", { repo: "acme/api" })).toMatchObject({
      claims: [{ number: 7, mine: true }],
    });
    const end = await call(a.client, "end_session");
    expect(end).toMatchObject({ ended: true, released_locks: ["issue:7"], released_claim: { number: 7 } });
  });

  it("claims: a second session is refused with the holder named; release_claim frees it", async () => {
    const driver = createMemoryDriver({});
    const a = await link(driver, "claim-a");
    const b = await link(driver, "claim-b");
    await call(a.client, "claim_issue", { issue_number: 42, title: "t", repo: "acme/api" });
    const refused = await call(b.client, "claim_issue", { issue_number: 42, title: "t", repo: "acme/api" });
    expect(refused).toMatchObject({ success: false, claimed: false, reason: "held", held_by: "claim-a" });
    expect(await call(a.client, "release_claim")).toMatchObject({ success: true, released: true });
    expect(
      await call(b.client, "claim_issue", { issue_number: 42, title: "t", repo: "acme/api" }),
    ).toMatchObject({ success: true, claimed: true });
  });

  it("register_session with session_id binds the connection to that session", async () => {
    const driver = createMemoryDriver({});
    const a = await link(driver, "mcp-ephemeral");
    await call(a.client, "acquire_lock", { lock_name: "tmp" });
    const reg = await call(a.client, "register_session", { session_id: "claude-123" });
    expect(reg).toMatchObject({ session_id: "claude-123" });
    expect(await call(a.client, "acquire_lock", { lock_name: "mine" })).toMatchObject({
      held_by: "claude-123",
    });
    // the made-up id is ended on binding, so its lock does not linger
    expect(await driver.getLock("resource:tmp")).toBeNull();
    const bad = await a.client.callTool({ name: "register_session", arguments: { session_id: "no spaces" } });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toContain("session_id");
  });

  it("closing a connection ends its session and frees its locks for others", async () => {
    const driver = createMemoryDriver({});
    const a = await linkedClient(driver, "closing-a");
    const b = await link(driver, "closing-b");
    await call(a.client, "acquire_lock", { lock_name: "suite" });
    expect(await call(b.client, "acquire_lock", { lock_name: "suite" })).toMatchObject({ success: false });
    await a.close();
    await expect.poll(() => driver.getLock("resource:suite")).toBeNull();
    expect(await call(b.client, "acquire_lock", { lock_name: "suite" })).toMatchObject({ success: true });
  });

  it("with keep-on-disconnect, a closed connection's locks stay until their TTL", async () => {
    const driver = createMemoryDriver({});
    const a = await linkedClient(driver, "keep-a", { keepOnDisconnect: true });
    await call(a.client, "acquire_lock", { lock_name: "kept" });
    await a.close();
    expect((await driver.getLock("resource:kept"))?.holders[0]?.held_by).toBe("keep-a");
  });
});
