// A real HTTP server on 127.0.0.1 for the Linux and VS Code suites. /set answers with one cookie of
// every kind the product must report; other pages set none.
import * as http from 'node:http';
import { listenOnFreePort } from './ports';

/** Far enough ahead to be stable, and a whole second so that the engine keeps it exactly. */
export const EXPIRES_AT = Math.floor(Date.UTC(2031, 0, 2, 3, 4, 5) / 1000);

export const SET_COOKIE_HEADERS = [
  'strict_http=s1; Path=/; HttpOnly; SameSite=Strict',
  'lax_maxage=l2; Path=/; Max-Age=86400; SameSite=Lax',
  'none_site=n3; Path=/; SameSite=None',
  `expires_at=e4; Path=/; Expires=${new Date(EXPIRES_AT * 1000).toUTCString()}; SameSite=Lax`,
  'scoped=p5; Path=/scoped; SameSite=Strict',
  'plain_session=v6; Path=/; SameSite=Lax',
];

export interface CookieServer {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

export function page(title: string, body: string, background = '#1e7d32'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<style>html,body{margin:0;height:100%;background:${background};color:#fff;font:40px sans-serif}</style></head>` +
    `<body><h1>${body}</h1></body></html>`;
}

export async function startCookieServer(): Promise<CookieServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    if (url.pathname === '/set') {
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': SET_COOKIE_HEADERS });
      res.end(page('Cookies set', 'cookies set'));
    } else if (url.pathname.startsWith('/scoped')) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('Scoped', 'scoped'));
    } else if (url.pathname === '/title') {
      // The title changes after load: one event for the first title, one for the second.
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        `<!doctype html><title>First title</title><body>t<script>setTimeout(() => { document.title = 'Second title'; }, 200)</script>`);
    } else if (url.pathname === '/missing') {
      res.writeHead(404, { 'content-type': 'text/html' }).end(page('Missing', 'not found', '#900'));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('Plain', 'plain'));
    }
  });
  const port = await listenOnFreePort(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (ports.ts). */
export { freePort as closedPort } from './ports';
