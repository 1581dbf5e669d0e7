// The script channel of each Linux page, on the helper's main thread: a WebSocket server (TLS) on
// 127.0.0.1 that each top frame's command loop connects to (webkitgtk/pageScript.ts), under a path
// with the helper's secret and a token the UI thread gave that document (and told this thread,
// with its window). A script for a window goes down its newest connection and its answer comes
// back up it. Nothing of this is a load of the page's document, so navigations are not held up by
// it (a request held through the engine's URI scheme was: WebKit counted it as the page still
// loading, and a Back or Forward that started meanwhile ended "cancelled").
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { DEFAULT_SCRIPT_TIMEOUT_MS, MAX_SCRIPT_RESULT_CHARS, type RunScriptParams, type RunScriptResult } from '../page/protocol';
import { parseAnswer } from '../page/answers';
import { acceptWebSocket, type WebSocketPeer } from './webSocket';
import { makeLoopbackCertificate } from './selfSignedCertificate';

/** How long past its own limit a script's answer may take before it is given up. */
export const ANSWER_MARGIN_MS = 2000;
/** How long a connection may wait for the UI thread to say whose its token is, and a token for its connection. */
const CLAIM_MS = 10_000;
/** How long a script waits for its page to connect (it does a moment after its load). */
const CHANNEL_WAIT_MS = 5000;
/** Tokens kept per window: its documents Back and Forward can bring back. */
const MAX_TOKENS_PER_WINDOW = 50;
/** Largest message a page may send: the longest answer with every character escaped, and its envelope. */
const MAX_MESSAGE_BYTES = 6 * MAX_SCRIPT_RESULT_CHARS + 4096;

interface Channel {
  windowId: number;
  peer: WebSocketPeer;
  pending: Map<number, (result: RunScriptResult) => void>;
}

/** Where pages connect: wss://127.0.0.1:<port>/<secret>/<token>, served with this certificate (PEM). */
export interface PageChannelAddress {
  port: number;
  secret: string;
  certificate: string;
}

export class PageChannels {
  readonly secret = randomBytes(16).toString('hex');
  // TLS, so that https pages may connect too (ws:// from them is mixed content); each engine context
  // trusts exactly this certificate for 127.0.0.1.
  private server: https.Server | undefined;
  private port = 0;
  private nextId = 1;
  /**
   * Tokens the UI thread handed out, with their window: kept while the window lives once their
   * document connected (a page Back and Forward bring back connects again with its token); a token
   * no document connected with expires.
   */
  private readonly tokens = new Map<string, { windowId: number; expires: number }>();
  /** Connections whose token the UI thread has not named yet (its message may come second). */
  private readonly unclaimed = new Map<string, (windowId: number) => void>();
  /** Each window's newest connection: its current document. */
  private readonly live = new Map<number, Channel>();
  /** Scripts waiting for their window's page to connect (it is still loading). */
  private readonly waiting = new Map<number, Set<() => void>>();

  /** Listens on a free loopback port; answers the address the UI thread gives pages. */
  async start(): Promise<PageChannelAddress> {
    const tls = makeLoopbackCertificate('webview2-host page channel');
    const server = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.writeHead(404).end());
    server.on('upgrade', (req, socket) => this.upgrade(req, socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    server.unref();
    return { port: this.port, secret: this.secret, certificate: tls.cert };
  }

  /** The UI thread gave a document of this window the token. */
  tokenGiven(token: string, windowId: number): void {
    const claim = this.unclaimed.get(token);
    this.expireTokens();
    this.tokens.set(token, { windowId, expires: claim ? Infinity : Date.now() + CLAIM_MS });
    // A window keeps the tokens of its last documents only (those Back and Forward can bring back).
    const mine = [...this.tokens].filter(([, t]) => t.windowId === windowId);
    for (const [old] of mine.slice(0, Math.max(0, mine.length - MAX_TOKENS_PER_WINDOW))) this.tokens.delete(old);
    if (claim) claim(windowId);
  }

  windowClosed(windowId: number): void {
    for (const [token, t] of this.tokens) if (t.windowId === windowId) this.tokens.delete(token);
    this.live.get(windowId)?.peer.close();
    this.live.delete(windowId);
    for (const wake of this.waiting.get(windowId) ?? []) wake();
  }

  /** Runs a script in the window's current document (waiting for it to connect if it is loading). */
  async run(p: RunScriptParams): Promise<RunScriptResult> {
    const timeoutMs = p.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
    // A page connects a moment after its load: that wait is not the script's own time limit.
    const reachMs = Math.max(timeoutMs, CHANNEL_WAIT_MS);
    const channel = this.live.get(p.windowId) ?? await this.connected(p.windowId, reachMs);
    if (!channel) return { ok: false, error: `the page did not answer within ${reachMs} ms (it has not loaded far enough to run script)` };
    const until = Date.now() + timeoutMs + ANSWER_MARGIN_MS;
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<RunScriptResult>((resolve) => {
        channel.pending.set(id, resolve);
        timer = setTimeout(() => resolve({ ok: false, error: `the page did not answer within ${timeoutMs} ms` }), Math.max(0, until - Date.now()));
        channel.peer.send(JSON.stringify({ id, world: p.world, expression: p.expression, timeoutMs }));
      });
    } finally {
      clearTimeout(timer);
      channel.pending.delete(id);
    }
  }

  close(): void {
    for (const c of this.live.values()) c.peer.close();
    this.server?.close();
  }

  /** Waits up to `ms` for the window's page to connect. */
  private connected(windowId: number, ms: number): Promise<Channel | undefined> {
    return new Promise((resolve) => {
      const set = this.waiting.get(windowId) ?? new Set();
      this.waiting.set(windowId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiting.delete(windowId);
        resolve(this.live.get(windowId));
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex): void {
    const prefix = `/${this.secret}/`;
    const token = req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : '';
    // Only the address the UI thread handed out, asked for by its loopback name.
    if (!/^[0-9a-f]{32}$/.test(token) || req.headers.host !== `127.0.0.1:${this.port}`) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    let channel: Channel | undefined;
    const peer = acceptWebSocket(req, socket, MAX_MESSAGE_BYTES, {
      message: (text) => this.answered(channel, text),
      closed: () => {
        this.unclaimed.delete(token);
        if (!channel) return;
        for (const settle of channel.pending.values()) settle({ ok: false, error: 'the page navigated before the script answered' });
        if (this.live.get(channel.windowId) === channel) this.live.delete(channel.windowId);
      },
    });
    if (!peer) return;
    const claim = (windowId: number) => {
      this.unclaimed.delete(token);
      channel = { windowId, peer, pending: new Map() };
      this.live.get(windowId)?.peer.close(); // the window's previous document is gone
      this.live.set(windowId, channel);
      for (const wake of this.waiting.get(windowId) ?? []) wake();
    };
    const known = this.tokens.get(token);
    if (known) {
      known.expires = Infinity;
      return claim(known.windowId);
    }
    this.unclaimed.set(token, claim);
    setTimeout(() => { if (!channel) peer.close(); }, CLAIM_MS).unref();
  }

  private answered(channel: Channel | undefined, text: string): void {
    if (!channel) return; // nothing was asked of it yet
    let id: unknown;
    try {
      id = (JSON.parse(text) as { id?: unknown }).id;
    } catch {
      return;
    }
    const settle = typeof id === 'number' ? channel.pending.get(id) : undefined;
    settle?.(parseAnswer(text));
  }

  private expireTokens(): void {
    const now = Date.now();
    for (const [token, t] of this.tokens) if (t.expires < now) this.tokens.delete(token);
  }
}
