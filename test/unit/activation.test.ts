import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_NAMES } from '../../src/extension/commandNames';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PROBE = path.join(ROOT, 'out', 'test', 'support', 'activationProbe.js');

describe('extension activation', () => {
  let probe: { registered: string[]; loaded: string[] };

  before(() => {
    // Activation in a fresh process with a stand-in vscode module, test hooks off: what it
    // registers and what it loads.
    const env = { ...process.env, WEBVIEW2_HOST_TEST_HOOKS: undefined };
    probe = JSON.parse(execFileSync(process.execPath, [PROBE, path.join(ROOT, 'out', 'src', 'extension.js')], { encoding: 'utf8', env }));
  });

  it('registers every command package.json contributes, and only those, each also for code callers', () => {
    const contributed = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.commands as { command: string }[]).map((c) => c.command);
    const forCode = contributed.map((c) => c.replace(/^webview2Host\./, 'webview2Host.api.'));
    assert.deepEqual([...probe.registered].sort(), [...contributed, ...forCode].sort());
    assert.deepEqual([...COMMAND_NAMES].map((n) => `webview2Host.${n}`).sort(), [...contributed].sort());
  });

  it('loads neither the helper client nor the JSON-RPC library: they come with the first command', () => {
    const heavy = probe.loaded.filter((m) => m.includes(`${path.sep}vscode-jsonrpc${path.sep}`) || /client[\\/]helperClient\.js$/.test(m) || m.endsWith('extensionCore.js'));
    assert.deepEqual(heavy, []);
  });
});
