// A login site for the cookie tests, over HTTP or HTTPS on 127.0.0.1. HTTPS uses a self-signed
// certificate for localhost and 127.0.0.1 made at test time with openssl, trusted by nobody.
//   GET  /login    the form; sets csrf (session, Strict) and theme (persistent, Lax), and on
//                  HTTPS also tls_only (session, Secure, HttpOnly, SameSite=None)
//   GET  /submit   the same form, submitted by the page itself (a real POST from the window)
//   POST /login    sets sid (session, HttpOnly, Secure on HTTPS, Lax), changes csrf, removes
//                  theme, adds remember (persistent, Strict), then 303 to /account
//   GET  /account  200 only with a valid sid cookie, else 401
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { page } from './cookieServer';
import { listenOnFreePort } from './ports';

/** Whole seconds, far enough ahead to be stable. */
export const REMEMBER_EXPIRES = Math.floor(Date.UTC(2032, 5, 7, 8, 9, 10) / 1000);

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, for messages. */
  fingerprint: string;
}

/** A throwaway certificate for localhost and 127.0.0.1, valid two days. */
export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert, '-days', '2'], { stdio: 'ignore' });
  const pem = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...pem, fingerprint: new crypto.X509Certificate(pem.cert).fingerprint256 };
}

export interface LoginServer {
  /** e.g. https://localhost:PORT */
  origin: string;
  port: number;
  /** Method, path and Cookie header of every request, in order. */
  requests: { method: string; path: string; cookie: string }[];
  /** The sid values the server handed out. */
  sessions: Set<string>;
  /** The bodies of the login form's POSTs, in order. */
  posts: string[];
  close(): Promise<void>;
}

function cookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

const FORM = (auto: boolean) => `<!doctype html><html><head><meta charset="utf-8"><title>Log in</title></head><body>
<form method="post" action="/login"><input name="user" value="alice"><input name="password" type="password" value="wonderland">
<button>Log in</button></form>${auto ? '<script>document.forms[0].submit()</script>' : ''}</body></html>`;

export async function startLoginServer(options: { tls?: SelfSignedCertificate; host?: string } = {}): Promise<LoginServer> {
  const secure = options.tls ? '; Secure' : '';
  const requests: LoginServer['requests'] = [];
  const sessions = new Set<string>();
  const posts: string[] = [];
  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? '', path: url.pathname, cookie: req.headers.cookie ?? '' });
    const jar = cookies(req.headers.cookie);
    if (req.method === 'GET' && (url.pathname === '/login' || url.pathname === '/submit')) {
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/html' };
      if (url.pathname === '/login') {
        headers['set-cookie'] = ['csrf=pre-login-token; Path=/; SameSite=Strict', 'theme=light; Path=/; Max-Age=3600; SameSite=Lax'];
        if (options.tls) headers['set-cookie'].push('tls_only=t1; Path=/; Secure; HttpOnly; SameSite=None');
      }
      res.writeHead(200, headers).end(FORM(url.pathname === '/submit'));
    } else if (req.method === 'POST' && url.pathname === '/login') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => { if (body.length < 4096) body += chunk; });
      req.on('end', () => {
        posts.push(body);
        const sid = crypto.randomBytes(18).toString('base64url');
        sessions.add(sid);
        res.writeHead(303, {
          location: '/account',
          'set-cookie': [
            `sid=${sid}; Path=/; HttpOnly${secure}; SameSite=Lax`,
            `csrf=post-login-token; Path=/; SameSite=Strict`,
            'theme=; Path=/; Max-Age=0',
            `remember=alice; Path=/; Expires=${new Date(REMEMBER_EXPIRES * 1000).toUTCString()}${secure}; SameSite=Strict`,
          ],
        }).end();
      });
    } else if (url.pathname === '/account') {
      const sid = jar.get('sid');
      if (sid && sessions.has(sid)) res.writeHead(200, { 'content-type': 'text/html' }).end(page('Account', `welcome ${jar.get('remember') ?? 'back'}`));
      else res.writeHead(401, { 'content-type': 'text/html' }).end(page('Not logged in', 'log in first', '#900'));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('Login site', 'home'));
    }
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  const port = await listenOnFreePort(server);
  const host = options.host ?? (options.tls ? 'localhost' : '127.0.0.1');
  return {
    origin: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    requests,
    sessions,
    posts,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
