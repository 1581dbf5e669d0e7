// The server side of a WebSocket (RFC 6455), as much as the page channel needs: the opening
// handshake, text messages both ways (fragmented ones reassembled), ping, close. Written here
// rather than taken from a library: a few dozen lines, on Node's own upgrade event. Everything a
// peer sends is bounded: a message past maxMessageBytes, an unmasked frame, or a frame of an
// unknown kind closes the connection.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const TEXT = 0x1, CONTINUATION = 0x0, CLOSE = 0x8, PING = 0x9, PONG = 0xa;
/** Close codes: going away, protocol error, message too big. */
export const CLOSE_GOING_AWAY = 1001, CLOSE_PROTOCOL = 1002, CLOSE_TOO_BIG = 1009;

export interface WebSocketPeer {
  send(text: string): void;
  close(code?: number): void;
  readonly closed: boolean;
}

export interface WebSocketHandlers {
  message(text: string): void;
  closed(): void;
}

/** Answers the handshake and returns the connection; null (and the socket ended) for a request that is not one. */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, maxMessageBytes: number, handlers: WebSocketHandlers): WebSocketPeer | null {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(key) || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return null;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  return new Connection(socket, maxMessageBytes, handlers);
}

class Connection implements WebSocketPeer {
  private buffered = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private partsBytes = 0;
  closed = false;

  constructor(private readonly socket: Duplex, private readonly max: number, private readonly handlers: WebSocketHandlers) {
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('close', () => this.ended());
    socket.on('error', () => this.ended());
  }

  send(text: string): void {
    if (this.closed) return;
    this.socket.write(frame(TEXT, Buffer.from(text, 'utf8')));
  }

  close(code = CLOSE_GOING_AWAY): void {
    if (this.closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.socket.end(frame(CLOSE, payload));
    this.ended();
  }

  private ended(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffered = Buffer.alloc(0);
    this.parts = [];
    this.handlers.closed();
  }

  private received(chunk: Buffer): void {
    if (this.closed) return;
    // The most that may wait unparsed: one whole message and its frame header.
    if (this.buffered.length + chunk.length > this.max + 14) return this.close(CLOSE_TOO_BIG);
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const f = parseFrame(this.buffered);
      if (f === 'incomplete') return;
      if (f === 'bad') return this.close(CLOSE_PROTOCOL);
      if (f.length > this.max) return this.close(CLOSE_TOO_BIG);
      if (this.buffered.length < f.headerBytes + f.length) return;
      const payload = Buffer.from(this.buffered.subarray(f.headerBytes, f.headerBytes + f.length));
      for (let i = 0; i < payload.length; i++) payload[i] ^= f.mask[i & 3];
      this.buffered = this.buffered.subarray(f.headerBytes + f.length);
      if (!this.frame(f.fin, f.opcode, payload)) return;
    }
  }

  /** One frame's meaning; false once the connection is closed. */
  private frame(fin: boolean, opcode: number, payload: Buffer): boolean {
    if (opcode === PING) {
      this.socket.write(frame(PONG, payload));
      return true;
    }
    if (opcode === PONG) return true;
    if (opcode === CLOSE) {
      this.close(CLOSE_GOING_AWAY);
      return false;
    }
    if (opcode !== TEXT && opcode !== CONTINUATION) {
      this.close(CLOSE_PROTOCOL);
      return false;
    }
    if ((opcode === TEXT) !== (this.parts.length === 0)) { // a new message inside another, or a continuation of none
      this.close(CLOSE_PROTOCOL);
      return false;
    }
    this.partsBytes += payload.length;
    if (this.partsBytes > this.max) {
      this.close(CLOSE_TOO_BIG);
      return false;
    }
    this.parts.push(payload);
    if (!fin) return true;
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.partsBytes = 0;
    this.handlers.message(text);
    return !this.closed;
  }
}

interface FrameHead { fin: boolean; opcode: number; length: number; mask: Buffer; headerBytes: number }

/** A client frame's header; every client frame is masked (RFC 6455 5.1). */
function parseFrame(b: Buffer): FrameHead | 'incomplete' | 'bad' {
  if (b.length < 2) return 'incomplete';
  const fin = (b[0] & 0x80) !== 0;
  if ((b[0] & 0x70) !== 0) return 'bad'; // no extension was agreed
  const opcode = b[0] & 0x0f;
  if ((b[1] & 0x80) === 0) return 'bad';
  let length = b[1] & 0x7f;
  let at = 2;
  if (length === 126) {
    if (b.length < 4) return 'incomplete';
    length = b.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    if (b.length < 10) return 'incomplete';
    const big = b.readBigUInt64BE(2);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return 'bad';
    length = Number(big);
    at = 10;
  }
  if (b.length < at + 4) return 'incomplete';
  return { fin, opcode, length, mask: b.subarray(at, at + 4), headerBytes: at + 4 };
}

/** A server frame: final, unmasked. */
function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}
