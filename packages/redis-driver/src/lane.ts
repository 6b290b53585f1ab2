import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { CONNECT_BUDGET_MS } from "./connection.js";
import type { RedisTarget } from "./redis-url.js";
import { Watchdog } from "./watchdog.js";

/** A RESP2 reply: status and bulk strings as text, integers as numbers, nil as null. */
export type Reply = string | number | null | Reply[];

/** An error reply from the server ("-ERR …"), named as ioredis names it. */
export class ReplyError extends Error {
  override name = "ReplyError";
}

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/** A handshake step: its failure fails the connection and every call queued behind it. */
const HANDSHAKE: Pending = { resolve() {}, reject() {} };

const CR = 13;
/** Marks a reply that has not fully arrived yet. */
const INCOMPLETE = Symbol("incomplete");
type Parsed = { reply: Reply | ReplyError; end: number } | typeof INCOMPLETE;

/** The end of the line that starts at `start` (the index of its \r), or -1 when it is not all there. */
function lineEnd(buffer: Buffer, start: number): number {
  const cr = buffer.indexOf(CR, start);
  return cr >= 0 && cr + 1 < buffer.length ? cr : -1;
}

/** Parses the reply that starts at `start`. */
function parseReply(buffer: Buffer, start: number): Parsed {
  const cr = lineEnd(buffer, start);
  if (cr < 0) return INCOMPLETE;
  const type = buffer[start];
  const line = buffer.toString("utf8", start + 1, cr);
  const next = cr + 2;
  switch (type) {
    case 0x2b: // + status
      return { reply: line, end: next };
    case 0x2d: // - error
      return { reply: new ReplyError(line), end: next };
    case 0x3a: // : integer
      return { reply: Number(line), end: next };
    case 0x24: {
      // $ bulk string
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      const end = next + length + 2;
      if (end > buffer.length) return INCOMPLETE;
      return { reply: buffer.toString("utf8", next, next + length), end };
    }
    case 0x2a: {
      // * array
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: Reply[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, end);
        if (item === INCOMPLETE) return INCOMPLETE;
        // An error inside an array is data to the caller, not a failed command.
        items.push(item.reply instanceof ReplyError ? item.reply.message : item.reply);
        end = item.end;
      }
      return { reply: items, end };
    }
    default:
      throw new Error(`unexpected reply from Redis: ${JSON.stringify(line.slice(0, 40))}`);
  }
}

/** A command in the Redis protocol. */
function encode(args: readonly (string | number)[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = typeof arg === "string" ? arg : String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return out;
}

export interface LaneSettings {
  target: RedisTarget;
  commandTimeoutMs: number;
}

/**
 * A lean connection for the two calls of every lock cycle on a standalone server: one socket,
 * commands written as they come, replies matched in order, no offline queue. It connects (TLS,
 * AUTH, SELECT) on the first call and again on the first call after a failure, so a long-running
 * process serves again as soon as Redis is back and a one-shot call fails at once while it is down.
 * ioredis serves everything else; its general command path costs the cycle several µs per call.
 */
export class Lane {
  private socket: Socket | undefined;
  private readonly pending: Pending[] = [];
  private unread: Buffer | undefined;
  private readonly watchdog: Watchdog;

  constructor(private readonly settings: LaneSettings) {
    this.watchdog = new Watchdog(settings.commandTimeoutMs, (error) => this.drop(error));
  }

  /** Sends one command; resolves with its reply, rejects with a ReplyError or the connection's failure. */
  call(args: readonly (string | number)[]): Promise<Reply> {
    const socket = this.socket ?? this.open();
    return new Promise<Reply>((resolve, reject) => this.send(socket, { resolve, reject }, args));
  }

  private send(socket: Socket, waiter: Pending, args: readonly (string | number)[]): void {
    this.pending.push(waiter);
    this.watchdog.sent();
    socket.write(encode(args));
  }

  /** Closes the socket at once; pending calls fail. */
  close(): void {
    this.watchdog.stop();
    this.drop(new Error("connection closed"));
  }

  private open(): Socket {
    const { host, port, tls, username, password, db } = this.settings.target;
    // SNI names the URL's host; RFC 6066 forbids an IP address there.
    const socket = tls
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }) })
      : netConnect({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    this.socket = socket;
    const timer = setTimeout(
      () => this.drop(new Error(`no answer within ${CONNECT_BUDGET_MS} ms`), socket),
      CONNECT_BUDGET_MS,
    );
    socket.once(tls ? "secureConnect" : "connect", () => clearTimeout(timer));
    socket.on("data", (chunk: Buffer) => this.read(chunk));
    socket.on("error", (error) => this.drop(error, socket));
    socket.on("close", () => {
      clearTimeout(timer);
      this.drop(new Error("connection closed"), socket);
    });
    // Written now, answered first: a refused step fails the calls queued behind it with its reason.
    if (password !== undefined)
      this.send(socket, HANDSHAKE, username ? ["AUTH", username, password] : ["AUTH", password]);
    if (db !== 0) this.send(socket, HANDSHAKE, ["SELECT", db]);
    return socket;
  }

  private read(chunk: Buffer): void {
    const buffer = this.unread ? Buffer.concat([this.unread, chunk]) : chunk;
    let offset = 0;
    while (offset < buffer.length) {
      let parsed: Parsed;
      try {
        parsed = parseReply(buffer, offset);
      } catch (error) {
        this.drop(error as Error);
        return;
      }
      if (parsed === INCOMPLETE) break;
      offset = parsed.end;
      const waiter = this.pending.shift();
      this.watchdog.answer();
      if (!(parsed.reply instanceof ReplyError)) waiter?.resolve(parsed.reply);
      else if (waiter !== HANDSHAKE) waiter?.reject(parsed.reply);
      else {
        this.drop(parsed.reply);
        return;
      }
    }
    this.unread = offset < buffer.length ? buffer.subarray(offset) : undefined;
  }

  /** Ends the connection (the current one, or `socket` if it still is) and fails every pending call. */
  private drop(error: Error, socket: Socket | undefined = this.socket): void {
    if (socket === undefined || socket !== this.socket) return;
    this.socket = undefined;
    this.unread = undefined;
    socket.destroy();
    for (const waiter of this.pending.splice(0)) {
      this.watchdog.answer();
      waiter.reject(error);
    }
  }
}
