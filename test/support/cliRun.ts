// Runs the CLI as a user runs it (node cli.js ...; under Wine, Windows node.exe, as
// `wine node.exe dist/cli.js ...` does) and notes when its output ended and when it exited.
import { spawn } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from its last output to its exit: how long it lingered after its work. */
  lingerMs: number;
  totalMs: number;
}

export function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 90000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    let lastOutput = began;
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; lastOutput = Date.now(); });
    child.stderr.on('data', (d) => { stderr += d; lastOutput = Date.now(); });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`webview2-host ${args.join(' ')} had not exited after ${timeoutMs} ms; its output:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const now = Date.now();
      resolve({ code, stdout, stderr, lingerMs: now - lastOutput, totalMs: now - began });
    });
  });
}
