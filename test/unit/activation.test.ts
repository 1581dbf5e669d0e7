// Activation registers the names package.json contributes, for people and for code, and loads
// nothing heavy; the core's registry (built from the feature folders) has exactly those names.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module = require('node:module');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PROBE = path.join(ROOT, 'out', 'test', 'support', 'activationProbe.js');
const contributes = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes;
const contributed = (contributes.commands as { command: string }[]).map((c) => c.command);

/** Every member callable, constructible and assignable; `then` absent so that it is not a promise. */
function stub(): any {
  return new Proxy(function () { /* stand-in */ }, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stub()),
    apply: () => stub(),
    construct: () => stub(),
    set: () => true,
  });
}

/** A module loaded with a stand-in for `vscode` (the core's modules import it at their top). */
function withStandInVscode<T>(load: () => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub() : original.call(this, request, ...rest);
  };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}

type Probe = { registered: string[]; tools: string[]; loaded: string[] };

/** Activation in a fresh process with a stand-in vscode module, test hooks off: what it registers
 *  and what it loads, given the workspace's state and settings. */
function activateWith(given: { workspaceState?: Record<string, unknown>; settings?: Record<string, unknown> } = {}): Probe {
  const env = { ...process.env, WEBVIEW2_HOST_TEST_HOOKS: undefined };
  return JSON.parse(execFileSync(process.execPath, [PROBE, path.join(ROOT, 'out', 'test', 'unit', 'activationEntry.js'), JSON.stringify(given)], { encoding: 'utf8', env }));
}

const loadsCore = (p: Probe): boolean => p.loaded.some((m) => m.endsWith('extensionCore.js'));

describe('extension activation', () => {
  let probe: Probe;

  before(() => {
    probe = activateWith();
  });

  it('registers every command package.json contributes, and only those, each also for code callers', () => {
    const forCode = contributed.map((c) => c.replace(/^webview2Host\./, 'webview2Host.api.'));
    assert.deepEqual([...probe.registered].sort(), [...contributed, ...forCode].sort());
  });

  it('registers every language model tool package.json contributes, and only those', () => {
    const tools = (contributes.languageModelTools as { name: string }[]).map((t) => t.name);
    assert.ok(tools.includes('webview2Host_take_screenshot'), 'the tools are contributed');
    assert.deepEqual([...probe.tools].sort(), [...tools].sort());
  });

  it('loads neither the helper client nor the JSON-RPC library, nor the test hooks, nor the agent tools: they come with the first command or tool call', () => {
    const heavy = probe.loaded.filter((m) => m.includes(`${path.sep}vscode-jsonrpc${path.sep}`) || /client[\\/]helperClient\.js$/.test(m) ||
      m.endsWith('extensionCore.js') || m.includes(`${path.sep}testHooks${path.sep}extension.js`) ||
      (m.includes(`${path.sep}agents${path.sep}`) && !m.endsWith(`${path.sep}prepare.js`)));
    assert.deepEqual(heavy, []);
  });

  // onStartupFinished activates the extension in every workspace: start-up stays cheap unless
  // there are windows to bring back.
  it('at start-up with no saved windows (none, or an empty list) reads the state and loads nothing more', () => {
    for (const state of [{}, { 'webview2Host.savedWindows': { version: 1, windows: [], views: { cookies: [], diagnostics: false } } }]) {
      assert.equal(loadsCore(activateWith({ workspaceState: state })), false, JSON.stringify(state));
    }
  });

  it('with saved windows loads the core to restore them, unless webview2Host.restoreWindows is off', () => {
    // A window the restore refuses at once (no place, no profile): the core loads, no helper starts.
    const state = { 'webview2Host.savedWindows': { version: 1, windows: [{ windowId: 1, url: 'http://127.0.0.1:9/' }], views: {} } };
    assert.equal(loadsCore(activateWith({ workspaceState: state })), true, 'restoreWindows on (its default)');
    assert.equal(loadsCore(activateWith({ workspaceState: state, settings: { restoreWindows: false } })), false, 'restoreWindows off');
  });
});

describe('command registry', () => {
  const registry = withStandInVscode(() => require('../../src/extension/registry') as typeof import('../../src/extension/registry'));
  const names = registry.COMMANDS.map((c) => c.name);

  it('declares every command package.json contributes', () => {
    for (const id of contributed) assert.ok(names.includes(id.replace(/^webview2Host\./, '')), `${id} has a handler in the registry`);
  });

  it('declares no command that package.json leaves out, and each name once', () => {
    for (const name of names) assert.ok(contributed.includes(`webview2Host.${name}`), `${name} is contributed in package.json`);
    assert.equal(new Set(names).size, names.length, `duplicates: ${names.filter((n, i) => names.indexOf(n) !== i).join(', ')}`);
  });
});
