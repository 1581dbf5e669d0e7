// Loads an extension entry (a bundle or the compiled source) in this fresh process with a stand-in
// for the `vscode` module, activates it, and prints what it cost and what it loaded, as JSON:
//   { loadMs, activateMs, registered: string[], tools: string[], loaded: string[], coreLoadMs }
// `loaded` lists the modules in the require cache after activation; coreLoadMs is what the first
// command adds by loading extensionCore.js from beside the entry (measured last). Used by the activation benchmark and
// by the unit test that keeps activation from loading the helper client.
// Usage: node activationProbe.js <extension.js> [<JSON { workspaceState?, settings? }>]: the
// workspace's state (key -> value) and the webview2Host settings the stand-ins hold.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module = require('node:module');

const API = path.resolve(__dirname, '..', '..', '..', 'node_modules', '@types', 'vscode', 'index.d.ts');

/** Every member callable, constructible and assignable; `then` absent so that it is not a promise. */
function stub(): any {
  return new Proxy(function () { /* stand-in */ }, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stub()),
    apply: () => stub(),
    construct: () => stub(),
    set: () => true,
  });
}

const registered: string[] = [];
const tools: string[] = [];
const vscode: Record<string, unknown> = {};
// Every top-level name the vscode API declares (namespaces, classes, enums, constants).
for (const m of fs.readFileSync(API, 'utf8').matchAll(/^\t(?:export )?(?:namespace|class|enum|const|let) (\w+)/gm)) vscode[m[1]] = stub();
const given = JSON.parse(process.argv[3] ?? '{}') as { workspaceState?: Record<string, unknown>; settings?: Record<string, unknown> };
const settings = given.settings ?? {};
vscode.workspace = new Proxy({}, {
  get: (_t, key) => (key === 'getConfiguration'
    ? () => ({ get: (name: string, fallback?: unknown) => (name in settings ? settings[name] : fallback) })
    : stub()),
});
vscode.commands = new Proxy({}, {
  get: (_t, key) => (key === 'registerCommand'
    ? (name: string) => { registered.push(name); return { dispose: () => undefined }; }
    : stub()),
});

vscode.lm = new Proxy({}, {
  get: (_t, key) => (key === 'registerTool'
    ? (name: string) => { tools.push(name); return { dispose: () => undefined }; }
    : stub()),
});

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const entry = path.resolve(process.argv[2]);
const began = performance.now();
// eslint-disable-next-line @typescript-eslint/no-var-requires
const extension = require(entry) as { activate(context: unknown): unknown };
const loaded = performance.now();
// Activation registers the commands package.json contributes: the manifest is the extension's own.
const packageJSON = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as unknown;
extension.activate({
  subscriptions: [], extensionPath: path.dirname(path.dirname(entry)), extension: { packageJSON },
  extensionUri: stub(), globalStorageUri: stub(), globalState: stub(),
  workspaceState: { get: (key: string) => given.workspaceState?.[key], update: () => Promise.resolve(), keys: () => Object.keys(given.workspaceState ?? {}) },
});
const activated = performance.now();
const loadedModules = Object.keys(require.cache);
const core = path.join(path.dirname(entry), 'extensionCore.js');
const coreBegan = performance.now();
if (fs.existsSync(core)) require(core);
process.stdout.write(JSON.stringify({
  loadMs: loaded - began,
  activateMs: activated - loaded,
  registered,
  tools,
  loaded: loadedModules,
  coreLoadMs: performance.now() - coreBegan,
}));
