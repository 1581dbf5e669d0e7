// The helper's diagnostics report as people may see it, and the view that shows it: it follows
// windows opening, changing, closing and failing, stalls and recoveries, without being asked.
// Owned by Ctx.
import * as vscode from 'vscode';
import { Notifications, Requests, type DiagnosticsReport } from '../../protocol';
import type { Ctx } from '../ctx';
import { DiagnosticsView } from './view';

export class Diagnostics implements vscode.Disposable {
  readonly view: DiagnosticsView;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly ctx: Ctx) {
    // Reading a report never starts the helper: with none running there is nothing to report.
    this.view = new DiagnosticsView(ctx.extension.extensionUri, () => (ctx.client.state.kind === 'ready'
      ? this.report()
      : Promise.reject(new Error('the helper is not running (it starts with the first window)'))));
    const c = ctx.client;
    const refresh = (): void => this.view.refreshSoon();
    this.unsubscribe = [
      c.onNotification(Notifications.windowChanged, refresh),
      c.onNotification(Notifications.windowClosed, refresh),
      c.onNotification(Notifications.stall, refresh),
      c.onNotification(Notifications.recovered, refresh),
      c.onNotification(Notifications.processFailed, refresh),
    ];
  }

  /** The helper's report (the helper is started for it), every text in it as people may see it. */
  async report(): Promise<DiagnosticsReport> {
    return presentDeep(await this.ctx.client.request(Requests.diagnostics), (text) => this.ctx.preview.present(text));
  }

  dispose(): void {
    this.unsubscribe.forEach((off) => off());
    this.view.dispose();
  }
}

/** The value with every string in it rewritten (objects and arrays copied, nothing else touched). */
function presentDeep<T>(value: T, present: (text: string) => string): T {
  if (typeof value === 'string') return present(value) as T;
  if (Array.isArray(value)) return value.map((v) => presentDeep(v, present)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, presentDeep(v, present)])) as T;
  }
  return value;
}
