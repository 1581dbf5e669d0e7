// The demo's page server on 127.0.0.1: serves media/demo.html and sets a few cookies, one of
// them HttpOnly, so that the cookie reader has something page script could not see.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

export async function startDemoServer(mediaFolder: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = fs.readFileSync(path.join(mediaFolder, 'demo.html'));
  const server = http.createServer((req, res) => {
    if (req.url !== '/' && !req.url?.startsWith('/?')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'set-cookie': [
        'demo_session=signed-in; Path=/; HttpOnly; SameSite=Lax',
        'demo_theme=dark; Path=/; Max-Age=86400; SameSite=Strict',
      ],
    });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
