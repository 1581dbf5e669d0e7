// The "WebView2 Host: Console" log channel: what pages wrote to their console, their uncaught
// exceptions and unhandled rejections, one line each, with the window id, level and source:line.
import * as vscode from 'vscode';
import type { ConsoleMessageEvent } from '../protocol';

/** The line as the channel and the CLI print it: "[window N] level: message (source:line)". */
export function formatConsoleLine(e: ConsoleMessageEvent): string {
  const kind = e.kind === 'exception' ? 'uncaught exception: ' : e.kind === 'rejection' ? 'unhandled rejection: ' : '';
  const where = e.source ? ` (${e.source}${e.line === null ? '' : `:${e.line}`})` : '';
  return `[window ${e.windowId}] ${e.level}: ${kind}${e.message}${where}`;
}

export class ConsoleChannel implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('WebView2 Host: Console', { log: true });
  private readonly lines: string[] = [];

  /** How many page messages were written (markers not counted). */
  messages = 0;

  write(e: ConsoleMessageEvent): void {
    const line = formatConsoleLine(e);
    const level = e.level === 'log' ? 'info' : e.level;
    this.channel[level](line);
    this.remember(line);
    this.messages++;
  }

  /** A line between runs of a window ("--- window 2 loaded http://… ---"), so that runs can be told apart. */
  marker(line: string): void {
    this.channel.info(line);
    this.remember(line);
  }

  private remember(line: string): void {
    this.lines.push(line);
    if (this.lines.length > 1000) this.lines.shift();
  }

  private noted = new Set<string>();

  note(message: string): void {
    this.channel.info(message);
  }

  /** A note written at most once (e.g. what the empty channel is for). */
  noteOnce(message: string): void {
    if (this.noted.has(message)) return;
    this.noted.add(message);
    this.note(message);
  }

  show(preserveFocus: boolean): void {
    this.channel.show(preserveFocus);
  }

  /** The last lines written (at most 1000), oldest first. */
  recent(): string[] {
    return [...this.lines];
  }

  dispose(): void {
    this.channel.dispose();
  }
}
