// The "WebView2 Host" log channel, with the recent lines kept in memory so that the extension's
// API (and so its tests, and Show Diagnostics' callers) can read what was logged. Each entry is one
// line: messages carry what pages chose (titles, URLs, errors), so they are written through
// printable(), and no text can start a line that looks like another entry.
import * as vscode from 'vscode';
import { printable } from '../printable';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export class LogBook implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('WebView2 Host', { log: true });
  private readonly lines: string[] = [];
  /** Rewrites what is logged as people may see it (the preview server's URLs as file addresses). */
  present: (text: string) => string = (text) => text;

  trace(message: string): void { this.write('trace', message); }
  debug(message: string): void { this.write('debug', message); }
  info(message: string): void { this.write('info', message); }
  warn(message: string): void { this.write('warn', message); }
  error(message: string): void { this.write('error', message); }

  show(preserveFocus: boolean): void {
    this.channel.show(preserveFocus);
  }

  /** The last lines logged (at most 2000), as "level message". */
  recent(): string[] {
    return [...this.lines];
  }

  private write(level: Level, raw: string): void {
    const message = printable(this.present(raw));
    this.channel[level](message);
    this.lines.push(`${level} ${message}`);
    if (this.lines.length > 2000) this.lines.shift();
  }

  dispose(): void {
    this.channel.dispose();
  }
}
