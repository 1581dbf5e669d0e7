// HTTPS dev servers with a self-signed certificate, through the CLI as a user runs it: refused
// with the certificate problem named, accepted for exactly the hosts given with --trust-host.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/harness';
import { makeSelfSignedCertificate, startLoginServer, type LoginServer } from '../support/loginServer';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('trusted certificate hosts (CLI, HTTPS server with a self-signed certificate)', function () {
  let server: LoginServer;
  const profile = () => fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-tls-'));

  before(async () => {
    server = await startLoginServer({ tls: makeSelfSignedCertificate() });
  });
  after(async () => server?.close());

  it('refuses the untrusted certificate, naming the problem and the host, and exits 1', async () => {
    const r = await cli(['cookies', `${server.origin}/login`, '--json', '--user-data-folder', profile()]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /did not load: .*certificate.*not trusted/i);
    assert.match(r.stderr, /unknown authority|self-signed/i);
    assert.match(r.stderr, /--trust-host localhost/);
  });

  it('with --trust-host localhost loads, and its cookies come back with every attribute, Secure ones secure', async () => {
    const began = Math.floor(Date.now() / 1000);
    const r = await cli(['cookies', `${server.origin}/login`, '--json', '--trust-host', 'localhost', '--user-data-folder', profile()]);
    assert.equal(r.code, 0, r.stderr);
    const cookies = JSON.parse(r.stdout);
    const byName = new Map(cookies.map((c: any) => [c.name, c]));
    assert.deepEqual([...byName.keys()].sort(), ['csrf', 'theme', 'tls_only']);
    assert.deepEqual(byName.get('tls_only'), { name: 'tls_only', value: 't1', domain: 'localhost', path: '/', expires: null, httpOnly: true, secure: true, sameSite: 'none', session: true });
    assert.deepEqual(byName.get('csrf'), { name: 'csrf', value: 'pre-login-token', domain: 'localhost', path: '/', expires: null, httpOnly: false, secure: false, sameSite: 'strict', session: true });
    const theme = byName.get('theme') as any;
    assert.equal(theme.session, false);
    assert.equal(theme.sameSite, 'lax');
    assert.ok(Math.abs(theme.expires - (began + 3600)) <= 10, `Max-Age=3600 read as ${theme.expires}`);
  });

  it('trusts exactly the listed hosts: 127.0.0.1 listed does not let localhost through, and the reverse', async () => {
    const other = await cli(['cookies', `${server.origin}/login`, '--json', '--trust-host', '127.0.0.1', '--user-data-folder', profile()]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /certificate/i);
    const byAddress = `https://127.0.0.1:${server.port}/login`;
    const refused = await cli(['cookies', byAddress, '--json', '--trust-host', 'localhost', '--user-data-folder', profile()]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--trust-host 127\.0\.0\.1/);
    const accepted = await cli(['cookies', byAddress, '--json', '--trust-host', 'localhost', '--trust-host', '127.0.0.1', '--user-data-folder', profile()]);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.ok(JSON.parse(accepted.stdout).some((c: any) => c.name === 'tls_only' && c.secure === true && c.domain === '127.0.0.1'));
  });

  it('exports as cookies.txt to a file created 0600, and as a Playwright storageState on stdout', async () => {
    const folder = profile();
    const file = path.join(folder, 'cookies.txt');
    const r = await cli(['cookies', `${server.origin}/login`, '--format', 'netscape', '--output', file, '--trust-host', 'localhost', '--user-data-folder', folder]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /wrote 3 cookie\(s\) as netscape to .*cookies\.txt \(mode 0600\)/);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('# ')).map((l) => l.split('\t')).sort();
    assert.deepEqual(rows, [
      ['#HttpOnly_localhost', 'FALSE', '/', 'TRUE', '0', 'tls_only', 't1'],
      ['localhost', 'FALSE', '/', 'FALSE', '0', 'csrf', 'pre-login-token'],
      ['localhost', 'FALSE', '/', 'FALSE', rows[2][4], 'theme', 'light'],
    ]);
    assert.ok(Number(rows[2][4]) > Date.now() / 1000, 'a persistent cookie keeps its expiry');
    const state = await cli(['cookies', `${server.origin}/login`, '--format', 'playwright', '--trust-host', 'localhost', '--user-data-folder', folder]);
    assert.equal(state.code, 0, state.stderr);
    const parsed = JSON.parse(state.stdout);
    assert.deepEqual(parsed.origins, []);
    assert.deepEqual(parsed.cookies.find((c: any) => c.name === 'tls_only'), { name: 'tls_only', value: 't1', domain: 'localhost', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'None' });
  });

  it('refuses a --trust-host that is not a host, with usage', async () => {
    const r = await cli(['cookies', `${server.origin}/login`, '--trust-host', 'https://localhost:8443/']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--trust-host: "https:\/\/localhost:8443\/" is a URL; give only its host name \(e\.g\. localhost\)/);
  });

  it('page script reaches an https page too (its channel is wss://, trusted for 127.0.0.1 only): screenshot --wait-for a selector', async () => {
    const dir = profile();
    const file = path.join(dir, 'login.png');
    const r = await cli(['screenshot', `${server.origin}/login`, file, '--wait-for', 'form button', '--trust-host', 'localhost', '--user-data-folder', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), file);
    const missing = await cli(['screenshot', `${server.origin}/login`, file, '--wait-for', '#never', '--deadline-ms', '2000', '--trust-host', 'localhost', '--user-data-folder', dir]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no screenshot: no element matched "#never" within 2 s/);
  });
});
