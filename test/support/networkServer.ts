// A site for the network log's tests, on 127.0.0.1: a page that loads a stylesheet, an image, a
// missing image (404), a script through a redirect (302) and POSTs by fetch with an Authorization
// header; the page sets a cookie, which the later requests send back. Every request is recorded.
import * as http from 'node:http';
import { listenOnFreePort } from './ports';
import { TINY_PNG } from './staticServer';

export const NETWORK_PAGE = [
  '<!doctype html><html><head><meta charset="utf-8"><title>Network page</title>',
  '<link rel="stylesheet" href="/style.css"><script src="/moved.js"></script></head>',
  '<body><h1 id="title">Network page</h1><p id="out">waiting</p>',
  '<img src="/pixel.png"><img src="/missing.png">',
  '<script>',
  'fetch("/api", { method: "POST", body: "x=1", headers: { Authorization: "Bearer s3cret-token", "Content-Type": "text/plain" } })',
  '  .then((r) => r.text()).then((t) => { document.getElementById("out").textContent = t; });',
  '</script></body></html>',
].join('\n');
/** The stylesheet's colour for the title: a replay that applied it shows it. */
export const TITLE_COLOUR = 'rgb(0, 128, 0)';
export const COOKIE_VALUE = 'topsecret-cookie';

export interface NetworkServer {
  origin: string;
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startNetworkServer(): Promise<NetworkServer> {
  const requests: NetworkServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers });
    // With Content-Length, so that the log knows each body's size (WebKitGTK reports no other).
    const send = (status: number, type: string, body: string | Buffer, extra: http.OutgoingHttpHeaders = {}) =>
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...extra }).end(body);
    switch (url.pathname) {
      case '/': return send(200, 'text/html; charset=utf-8', NETWORK_PAGE, { 'set-cookie': `sid=${COOKIE_VALUE}; Path=/` });
      case '/style.css': return send(200, 'text/css', `#title { color: ${TITLE_COLOUR}; }`);
      case '/pixel.png': return send(200, 'image/png', TINY_PNG);
      case '/moved.js': return send(302, 'text/plain', 'moved', { location: '/script.js' });
      case '/script.js': return send(200, 'text/javascript', 'document.documentElement.dataset.script = "ran";');
      case '/failures': { // images that cannot load: the addresses come in the query
        const imgs = url.searchParams.getAll('src').map((src) => `<img src="${src.replace(/[<>"&]/g, '')}">`).join('');
        return send(200, 'text/html; charset=utf-8', `<!doctype html><title>Failures</title>${imgs}`);
      }
      case '/api': {
        let body = '';
        req.on('data', (d) => { body += d; });
        req.on('end', () => send(req.method === 'POST' ? 200 : 405, 'text/plain', `posted ${body}`));
        return;
      }
      default: return send(404, 'text/plain', 'not found');
    }
  });
  const port = await listenOnFreePort(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
