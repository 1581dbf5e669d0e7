// The cookie CLI under Windows node.exe against the test runtime: a self-signed host refused with
// the certificate named, the same host let through with --trust-host, and its cookies exported as
// cookies.txt and as a Playwright storageState.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/harness';
import { runCli } from '../support/cliRun';
import { cookieFile, TEST_RUNTIME } from '../support/winRuntime';
import { describeWithTestRuntime } from '../support/wine';

const testRuntime = TEST_RUNTIME ?? '';
{
  describeWithTestRuntime('Windows: cookies CLI with --trust-host and --format', function () {
    const runtime = ['--browser-folder', testRuntime];
    const seeded = () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-cookies-'));
      fs.writeFileSync(path.join(folder, 'test-cookies.tsv'), cookieFile([
        ['sid', 'abc', 'self-signed.test', '/', -1, true, true, 1],
        ['pref', 'dark', '.self-signed.test', '/', 1925089445, false, true, 2],
      ]));
      return folder;
    };

    it('refuses the self-signed host, naming the certificate problem, and exits 1', async () => {
      const r = await runCli(CLI, ['cookies', 'https://self-signed.test/', '--format', 'netscape', '--user-data-folder', seeded(), ...runtime]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /did not load: TLS certificate not trusted: .*self-signed\?\), presented by self-signed\.test; to accept it for this host only: --trust-host self-signed\.test/);
    });

    it('with --trust-host exports cookies.txt and a storageState', async () => {
      const folder = seeded();
      const out = path.join(folder, 'cookies.txt');
      const r = await runCli(CLI, ['cookies', 'https://self-signed.test/', '--trust-host', 'self-signed.test', '--format', 'netscape', '--output', out, '--user-data-folder', folder, ...runtime]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const rows = fs.readFileSync(out, 'utf8').split(/\r?\n/).filter((l) => l && !l.startsWith('# ')).map((l) => l.split('\t'));
      assert.deepEqual(rows, [
        ['#HttpOnly_self-signed.test', 'FALSE', '/', 'TRUE', '0', 'sid', 'abc'],
        ['.self-signed.test', 'TRUE', '/', 'TRUE', '1925089445', 'pref', 'dark'],
      ]);
      const state = await runCli(CLI, ['cookies', 'https://self-signed.test/', '--trust-host', 'self-signed.test', '--format', 'playwright', '--user-data-folder', folder, ...runtime]);
      assert.equal(state.code, 0, state.stderr);
      assert.deepEqual(JSON.parse(state.stdout), {
        cookies: [
          { name: 'sid', value: 'abc', domain: 'self-signed.test', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'Lax' },
          { name: 'pref', value: 'dark', domain: '.self-signed.test', path: '/', expires: 1925089445, httpOnly: false, secure: true, sameSite: 'Strict' },
        ],
        origins: [],
      });
    });
  });
}
