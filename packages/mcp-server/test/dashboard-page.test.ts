import { afterEach, describe, expect, it } from "vitest";
import { hold, lockState, ScriptedLiveSource, session } from "../../core/test/scripted-live-source.js";
import { openBrowser } from "./browser.js";
import { openEvents, serve } from "./dashboard-server.js";

const now = () => new Date().toISOString();
const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();

const acquire = (source: ScriptedLiveSource, name: string, who: string, token: number) =>
  source.write({ type: "lock.acquired", name, session: who, token, time: now() }, () =>
    source.lockMap.set(name, lockState(name, [hold(name, who, token, now(), later(300))])),
  );
const release = (source: ScriptedLiveSource, name: string, who: string, token: number) =>
  source.write({ type: "lock.released", name, session: who, token, time: now() }, () =>
    source.lockMap.delete(name),
  );

describe("dashboard routes (scripted source)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("GET / is the page for a browser only; /events sends a snapshot first, then each change; a closed page stops the feed", async () => {
    const source = new ScriptedLiveSource();
    source.sessionList = [session("3f2a91c4-alice", now())];
    const server = await serve(source);
    cleanups.push(server.close);

    const page = await fetch(`${server.url}/`, {
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'; script-src 'nonce-/);
    const html = await page.text();
    expect(html).toContain('data-auth="open"');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|https?:\/\/(?!www\.w3)/);
    for (const accept of ["application/json", "*/*"]) {
      const json = await fetch(`${server.url}/`, { headers: { accept } });
      expect(json.status).toBe(404);
    }

    const events = await openEvents(server.url);
    expect(events.res.headers.get("content-type")).toContain("text/event-stream");
    const first = await events.next();
    expect(first.snapshot.sessions.map((s) => s.session_id)).toEqual(["3f2a91c4-alice"]);
    await expect.poll(() => source.following).toBe(1);
    const acquired = acquire(source, "resource:deploy", "3f2a91c4-alice", 7);
    const second = await events.next();
    expect(second.events).toEqual([acquired]);
    expect(second.snapshot.locks[0]?.holders[0]).toMatchObject({
      held_by: "3f2a91c4-alice",
      fencing_token: 7,
    });
    events.close();
    await expect.poll(() => source.following).toBe(0);

    const snapshot = await fetch(`${server.url}/api/snapshot`);
    expect(await snapshot.json()).toMatchObject({ locks: [{ lock_name: "resource:deploy" }] });
    const refused = await fetch(`${server.url}/api/force-release`, {
      method: "POST",
      body: JSON.stringify({ lock_name: "resource:deploy", token: 7 }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: expect.stringContaining("read-only") });
    expect(source.broken).toEqual([]);
  });

  it("with a token: the data and force-release need it; a force-release names who did it", async () => {
    const source = new ScriptedLiveSource();
    acquire(source, "resource:deploy", "3f2a91c4-alice", 7);
    const server = await serve(source, "s3cret");
    cleanups.push(server.close);
    expect((await fetch(`${server.url}/events`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}/api/snapshot`, { headers: { authorization: "Bearer nope" } })).status,
    ).toBe(401);
    const html = await (await fetch(server.url, { headers: { accept: "text/html" } })).text();
    expect(html).toContain('data-auth="token"');
    expect(html).not.toContain("s3cret");

    const post = (body: unknown, token = "s3cret") =>
      fetch(`${server.url}/api/force-release`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ lock_name: "resource:deploy", token: 7 }, "wrong")).status).toBe(401);
    const bad = await post({ lock_name: "has space", token: 7 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/lock_name/) });
    expect((await post({ lock_name: "resource:deploy", token: 7, as: "<script>" })).status).toBe(400);
    const done = await post({ lock_name: "resource:deploy", token: 7, as: "alice" });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ released: true, by: "dashboard:alice@127.0.0.1" });
    expect(source.broken).toEqual([
      {
        name: "resource:deploy",
        token: 7,
        by: "dashboard:alice@127.0.0.1",
        reason: "force-released from the dashboard",
      },
    ]);
    const again = await post({ lock_name: "resource:deploy", token: 7 });
    expect(await again.json()).toMatchObject({
      released: false,
      reason: expect.stringContaining("no such hold"),
    });
    expect((await fetch(`${server.url}/api/force-release`)).status).toBe(405);
  });

  it("in chromium: draws the view with no console errors, follows changes without a reload, and force-releases with the token", async () => {
    const source = new ScriptedLiveSource();
    source.sessionList = [session("3f2a91c4-alice", now()), session("77ab01d2-bob", now())];
    const server = await serve(source, "s3cret");
    cleanups.push(server.close);
    const browser = await openBrowser();
    cleanups.push(browser.close);
    const page = await browser.page();
    page.on("dialog", (dialog) => dialog.accept());
    await page.goto(server.url);
    await page.waitForSelector("#auth:not([hidden])");
    await page.fill("#token", "s3cret");
    await page.fill("#as", "alice");
    await page.click("#auth button");
    await page.waitForSelector("#status.ok");
    await page.waitForSelector("#sessions-body >> text=3f2a91");

    await expect.poll(() => source.following).toBe(1);
    acquire(source, "resource:deploy", "3f2a91c4-alice", 7);
    await page.waitForSelector('[data-lock-row="resource:deploy"]');
    await page.waitForSelector('[data-timeline-row="resource:deploy"] .tl-bar.open');
    release(source, "resource:deploy", "3f2a91c4-alice", 7);
    await page.waitForSelector('[data-lock-row="resource:deploy"]', { state: "detached" });
    await page.waitForSelector('[data-timeline-row="resource:deploy"] .tl-bar:not(.open)');
    await page.waitForSelector('#events li[data-event="lock.released"]');

    acquire(source, "resource:deploy", "77ab01d2-bob", 8);
    await page.click('button[data-lock="resource:deploy"][data-token="8"]');
    await page.waitForSelector(
      "#toast.shown >> text=force-released resource:deploy as dashboard:alice@127.0.0.1",
    );
    expect(source.broken).toMatchObject([
      { name: "resource:deploy", token: 8, by: "dashboard:alice@127.0.0.1" },
    ]);
    expect(browser.errors).toEqual([]);
  });
});
