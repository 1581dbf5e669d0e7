// The "WebView2 Host: Console" log channel: what pages wrote to their console, their uncaught
// exceptions and unhandled rejections, one line each, with the window id, level and source:line.
// Every line is written through printable(): a page's text never breaks a line or sends escapes.
import * as vscode from 'vscode';
import { formatConsole } from '../../client/format';
import { printable } from '../../printable';
import type { ConsoleMessageEvent } from '../../protocol';

/** The line as the channel prints it: "[window N] level: [uncaught exception: ]message (source:line)". */
export function formatConsoleLine(e: ConsoleMessageEvent): string {
  return formatConsole(e, { kinds: true });
}

export class ConsoleChannel implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('WebView2 Host: Console', { log: true });
  private readonly lines: string[] = [];

  /** How many page messages were written (markers not counted). */
  messages = 0;

  write(e: ConsoleMessageEvent): void {
    // An uncaught error's stack follows its line, a frame a line, each one made printable.
    const lines = [formatConsoleLine(e), ...(e.stack ?? []).map((frame) => `    at ${printable(frame)}`)];
    // The line names its level itself; console.log and console.debug go out at the channel's info
    // level, since a log channel hides debug lines at VS Code's default setting.
    const level = e.level === 'log' || e.level === 'debug' ? 'info' : e.level;
    this.channel[level](lines.join('\n'));
    for (const line of lines) this.remember(line);
    this.messages++;
  }

  /** A line between runs of a window ("--- window 2 loaded http://… ---"), so that runs can be told
   *  apart; a failed load's line is a warning. */
  marker(line: string, level: 'info' | 'warn' = 'info'): void {
    const safe = printable(line);
    this.channel[level](safe);
    this.remember(safe);
  }

  private remember(line: string): void {
    this.lines.push(line);
    if (this.lines.length > 1000) this.lines.shift();
  }

  private noted = new Set<string>();

  note(message: string): void {
    this.channel.info(printable(message));
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
