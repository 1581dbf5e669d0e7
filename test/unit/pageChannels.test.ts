// The pages' script channels on the helper's main thread, driven as a page's WebSocket drives them
// (raw frames over TLS, masked as a browser masks them): the handshake and its refusals,
// a script down and its answer up, fragments, ping, limits, and a window's newest document winning.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as tls from 'node:tls';
import { PageChannels } from '../../src/helper/pageChannels';

interface Peer { socket: tls.TLSSocket; frames: { opcode: number; text: string }[]; closed: Promise<void>; next(): Promise<{ opcode: number; text: string }> }

/** Connects like a browser; resolves once the handshake is answered (or with the refusal's status line). */
let ca = '';
async function connect(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Peer | string> {
  // TLS, checked against the channel's own certificate for 127.0.0.1, as the engine checks it.
  const socket = tls.connect({ host: '127.0.0.1', port, ca });
  const key = randomBytes(16).toString('base64');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  let buffered = Buffer.alloc(0);
  const frames: Peer['frames'] = [];
  let wake: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => socket.on('close', () => { wake(); resolve(); }));
  return new Promise((resolve) => {
    let upgraded = false;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString();
        buffered = buffered.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) return resolve(head.split('\r\n')[0]);
        const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
        assert.ok(head.includes(`Sec-WebSocket-Accept: ${accept}`), head);
        upgraded = true;
        resolve(peer);
      }
      while (buffered.length >= 2) {
        let length = buffered[1] & 0x7f, at = 2;
        if (length === 126) { length = buffered.readUInt16BE(2); at = 4; } else if (length === 127) { length = Number(buffered.readBigUInt64BE(2)); at = 10; }
        if (buffered.length < at + length) break;
        frames.push({ opcode: buffered[0] & 0x0f, text: buffered.subarray(at, at + length).toString() });
        buffered = buffered.subarray(at + length);
        wake();
      }
    });
    const peer: Peer = {
      socket, frames, closed,
      next: () => new Promise((r) => {
        const check = () => { if (frames.length) r(frames.shift()!); else wake = check; };
        check();
      }),
    };
  });
}

/** A client frame: masked, as RFC 6455 requires of a browser. */
function frame(opcode: number, text: string | Buffer, fin = true, masked = true): Buffer {
  const payload = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const n = payload.length;
  const head = n < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, (masked ? 0x80 : 0) | n])
    : Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, (masked ? 0x80 : 0) | 126]), Buffer.from([n >> 8, n & 0xff])]);
  if (!masked) return Buffer.concat([head, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]));
  return Buffer.concat([head, mask, body]);
}

describe('page script channels (Linux, main thread)', () => {
  let channels: PageChannels;
  let port: number;
  let secret: string;
  const token = () => randomBytes(16).toString('hex');
  before(async () => {
    channels = new PageChannels();
    ({ port, secret, certificate: ca } = await channels.start());
  });
  after(() => channels.close());

  it('makes certificates TLS takes every time (a serial with a leading zero byte was refused 1 time in 200)', async () => {
    const { makeLoopbackCertificate } = await import('../../src/helper/selfSignedCertificate');
    for (let i = 0; i < 1000; i++) {
      const c = makeLoopbackCertificate('webview2-host test');
      tls.createSecureContext({ key: c.key, cert: c.cert }); // throws on a certificate OpenSSL refuses
    }
  });

  it('serves a certificate for 127.0.0.1 only, and refuses a client that does not trust it', async () => {
    const x509 = new (await import('node:crypto')).X509Certificate(ca);
    assert.equal(x509.subjectAltName, 'IP Address:127.0.0.1');
    assert.ok(x509.verify(x509.publicKey), 'self-signed');
    const untrusting = tls.connect({ host: '127.0.0.1', port });
    await assert.rejects(new Promise((resolve, reject) => { untrusting.on('secureConnect', resolve); untrusting.on('error', reject); }), /self-signed|self signed/);
  });

  it('refuses a wrong secret, a malformed token and a foreign Host name before any handshake', async () => {
    assert.equal(await connect(port, `/${'0'.repeat(32)}/${token()}`), 'HTTP/1.1 404 Not Found');
    assert.equal(await connect(port, `/${secret}/not-a-token`), 'HTTP/1.1 404 Not Found');
    assert.equal(await connect(port, `/${secret}/${token()}`, `attacker.test:${port}`), 'HTTP/1.1 404 Not Found');
  });

  it('sends a script down its window\'s newest connection and answers what comes back, fragments joined', async () => {
    const t = token();
    channels.tokenGiven(t, 7);
    const page = await connect(port, `/${secret}/${t}`) as Peer;
    const answer = channels.run({ windowId: 7, expression: 'document.title', world: 'isolated' });
    const sent = JSON.parse((await page.next()).text) as { id: number; expression: string; world: string; timeoutMs: number };
    assert.deepEqual({ ...sent, id: 0 }, { id: 0, world: 'isolated', expression: 'document.title', timeoutMs: 5000 });
    const reply = JSON.stringify({ id: sent.id, ok: true, json: '"Title"' });
    page.socket.write(Buffer.concat([frame(0x1, reply.slice(0, 10), false), frame(0x9, 'ping?'), frame(0x0, reply.slice(10))]));
    assert.deepEqual(await answer, { ok: true, json: '"Title"' });
    assert.deepEqual(await page.next(), { opcode: 0xa, text: 'ping?' });
    page.socket.destroy();
  });

  it('a token whose window the UI thread names after the page connected still counts', async () => {
    const t = token();
    const page = await connect(port, `/${secret}/${t}`) as Peer;
    channels.tokenGiven(t, 8);
    const answer = channels.run({ windowId: 8, expression: '1', world: 'page', timeoutMs: 1000 });
    const sent = JSON.parse((await page.next()).text) as { id: number };
    page.socket.write(frame(0x1, JSON.stringify({ id: sent.id, ok: false, error: 'it threw Error: x' })));
    assert.deepEqual(await answer, { ok: false, error: 'it threw Error: x' });
    page.socket.destroy();
  });

  it('answers a script whose document goes away with why, and a newer document replaces the older', async () => {
    const first = token(), second = token();
    channels.tokenGiven(first, 9);
    channels.tokenGiven(second, 9);
    const old = await connect(port, `/${secret}/${first}`) as Peer;
    const answer = channels.run({ windowId: 9, expression: 'new Promise(() => {})', world: 'isolated' });
    await old.next();
    const replacing = await connect(port, `/${secret}/${second}`) as Peer;
    assert.deepEqual(await answer, { ok: false, error: 'the page navigated before the script answered' });
    await old.closed; // the helper let the older document's socket go
    const next = channels.run({ windowId: 9, expression: '2', world: 'isolated' });
    const sent = JSON.parse((await replacing.next()).text) as { id: number };
    replacing.socket.write(frame(0x1, JSON.stringify({ id: sent.id, ok: true, json: '2' })));
    assert.deepEqual(await next, { ok: true, json: '2' });
    replacing.socket.destroy();
  });

  it('waits for a loading page to connect, up to 5 s or its time limit, and answers why when none does', async function () {
    this.timeout(15000);
    const started = Date.now();
    assert.deepEqual(await channels.run({ windowId: 10, expression: '1', world: 'isolated', timeoutMs: 200 }),
      { ok: false, error: 'the page did not answer within 5000 ms (it has not loaded far enough to run script)' });
    assert.ok(Date.now() - started >= 5000, 'a page gets 5 s to connect, whatever the script\'s own limit');
    const t = token();
    channels.tokenGiven(t, 10);
    const pending = channels.run({ windowId: 10, expression: '3', world: 'isolated', timeoutMs: 5000 });
    const page = await connect(port, `/${secret}/${t}`) as Peer;
    const sent = JSON.parse((await page.next()).text) as { id: number };
    page.socket.write(frame(0x1, JSON.stringify({ id: sent.id, ok: true, json: '3' })));
    assert.deepEqual(await pending, { ok: true, json: '3' });
    channels.windowClosed(10);
    await page.closed;
  });

  it('closes a connection that sends an unmasked frame, or a message past its bound, and ignores answers to nothing', async () => {
    const t1 = token(), t2 = token();
    channels.tokenGiven(t1, 11);
    channels.tokenGiven(t2, 12);
    const unmasked = await connect(port, `/${secret}/${t1}`) as Peer;
    unmasked.socket.write(frame(0x1, '{"id":1}', true, false));
    await unmasked.closed;
    const flooding = await connect(port, `/${secret}/${t2}`) as Peer;
    flooding.socket.write(frame(0x1, JSON.stringify({ id: 424242, ok: true, json: '1' }))); // no such script: ignored
    const big = Buffer.alloc(6 * 1024 * 1024 + 8192, 0x61);
    const head = Buffer.alloc(14);
    head[0] = 0x81; head[1] = 0x80 | 127; head.writeBigUInt64BE(BigInt(big.length), 2);
    flooding.socket.write(head); // a frame that says it is too large is refused on its header
    await flooding.closed;
  });
});
