// The CLI as a Windows user runs it: Windows node.exe starting dist/cli.js (under Wine this is
// `wine node.exe dist/cli.js ...`), and the same from the unpacked win32-x64 VSIX with the koffi
// binary it carries. Every command must exit with its code (0 done, 1 failed, 2 usage) and promptly
// after its work. Under Wine each run starts with Wine's desktop process stopped, so that the
// helper is the process that starts it again: that is how a user's first command meets Wine, and
// it is what once kept the CLI from ever exiting (the desktop process got the helper's stderr).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/harness';
import { runCli, type CliRun } from '../support/cliRun';
import { packageVsix, unpackVsix } from '../support/vsix';
import { forgetDeadWineClipWindow, isWine, TEST_LOADER, TEST_RUNTIME } from '../support/winRuntime';

/** Generous: the hang this guards against was for ever; a slow machine takes a second or two. */
const PROMPT_MS = 10000;
const RUNTIME = TEST_RUNTIME ? ['--browser-folder', TEST_RUNTIME] : [];

function stopWineDesktop(): void {
  if (!isWine()) return;
  spawnSync('taskkill', ['/f', '/im', 'explorer.exe'], { stdio: 'ignore' });
  forgetDeadWineClipWindow(); // or every later window move ends its process (winRuntime.ts)
}

function expectPrompt(r: CliRun, code: number, what: string): void {
  assert.equal(r.code, code, `${what}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  assert.ok(r.lingerMs < PROMPT_MS, `${what} exited ${r.lingerMs} ms after its last output`);
}

function commands(cli: () => string): void {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webview2-host-cli-'));
  const run = async (args: string[]) => {
    stopWineDesktop();
    return runCli(cli(), args);
  };

  it('doctor exits 0 and ends with its verdict', async () => {
    const r = await run(['doctor', '--windows', '2', ...RUNTIME]);
    expectPrompt(r, 0, 'doctor');
    assert.match(r.stdout, /^WebView2 Host doctor: OK/);
    assert.equal(r.stdout.trimEnd().split(/\r?\n/).pop(), 'verdict: healthy: 2 windows, 0 stalls');
  });

  const loader = TEST_LOADER;
  if (loader) {
    it('doctor through a WebView2Loader.dll (--loader) exits 0', async () => {
      const r = await run(['doctor', '--windows', '1', '--loader', loader, ...RUNTIME]);
      expectPrompt(r, 0, 'doctor --loader');
      assert.match(r.stdout, /loader: WebView2Loader\.dll at /);
    });
  }

  it('cookies of an unreachable .invalid host exits 1 with the reason', async () => {
    const r = await run(['cookies', 'https://nowhere.invalid/', '--user-data-folder', profile, ...RUNTIME]);
    expectPrompt(r, 1, 'cookies');
    assert.match(r.stderr, /nowhere\.invalid/);
  });

  it('open of an unreachable .invalid host exits 1', async () => {
    const r = await run(['open', 'https://nowhere.invalid/', '--for', '2', '--user-data-folder', profile, ...RUNTIME]);
    expectPrompt(r, 1, 'open');
  });

  it('open --for closes its window and exits 0', async () => {
    const r = await run(['open', 'data:text/html,<title>cli</title>hello', '--for', '1', '--user-data-folder', profile, ...RUNTIME]);
    expectPrompt(r, 0, 'open --for');
  });

  it('demo --for closes its windows and exits 0', async () => {
    const r = await run(['demo', '--for', '1', ...RUNTIME]);
    expectPrompt(r, 0, 'demo --for');
    assert.match(r.stderr + r.stdout, /verdict: healthy: 3 windows, 0 stalls/);
  });

  it('screenshot of an unreachable .invalid host exits 1', async () => {
    const r = await run(['screenshot', 'https://nowhere.invalid/', path.join(profile, 'shot.png'), '--user-data-folder', profile, ...RUNTIME]);
    expectPrompt(r, 1, 'screenshot');
  });

  it('usage errors exit 2 at once', async () => {
    for (const args of [['frobnicate'], ['doctor', '--strategy', 'spin'], ['cookies'], ['open', '--for', 'soon', 'https://a.test/']]) {
      const r = await runCli(cli(), args);
      expectPrompt(r, 2, args.join(' '));
      assert.match(r.stderr, /usage|must|needs|unknown/i);
    }
    const help = await runCli(cli(), ['--help']);
    expectPrompt(help, 0, '--help');
  });
}

describe('Windows: the CLI from the tree (node.exe dist/cli.js)', function () {
  commands(() => CLI);
});

// The VSIX of this node's own architecture: an arm64 node cannot load the x64 koffi binary.
const ARCH = process.arch;

describe(`Windows: the CLI from the unpacked win32-${ARCH} VSIX, with its own koffi`, function () {
  let dir: string;
  before(function () {
    this.timeout(180000);
    // The Wine runner packages it on the Linux side (esbuild and vsce run there); on Windows itself
    // the suite packages it here.
    dir = process.env.WEBVIEW2_HOST_TEST_VSIX_DIR ?? unpackVsix(packageVsix(`win32-${ARCH}`));
  });

  it(`carries koffi's win32-${ARCH} binary`, () => {
    assert.ok(fs.existsSync(path.join(dir, 'extension', 'node_modules', '@koromix', `koffi-win32-${ARCH}`, `win32_${ARCH}`, 'koffi.node')));
  });

  commands(() => path.join(dir, 'extension', 'dist', 'cli.js'));
});
