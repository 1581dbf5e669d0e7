// An HTTP proxy on 127.0.0.1 that records what passes through it: absolute-URI requests (plain
// HTTP, forwarded) and CONNECT tunnels (HTTPS, forwarded as bytes). Hosts that do not resolve are
// answered by the proxy itself, so that a runtime with no network of its own can be tested too.
import * as http from 'node:http';
import * as net from 'node:net';
import { listenOnFreePort } from './ports';

export interface RecordingProxy {
  url: string;
  port: number;
  /** "GET http://host/path" or "CONNECT host:port", in order. */
  seen: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('not a proxy request');
      return;
    }
    const upstream = http.request({
      host: target.hostname, port: target.port || 80, path: `${target.pathname}${target.search}`,
      method: req.method, headers: { ...req.headers, connection: 'close' },
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (res.headersSent) { res.destroy(); return; }
      res.writeHead(200, { 'content-type': 'text/html', 'x-answered-by': 'recording-proxy' })
        .end(`<!doctype html><title>via proxy</title><p>answered by the recording proxy for ${target.host}`);
    });
    req.pipe(upstream);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('connect', (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port) || 443, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  const port = await listenOnFreePort(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
