// `open --har FILE`: the session's requests as one HAR, written (0600) when the windows close. Each
// window records response bodies from its first load (it is opened blank, capture is turned on,
// then it navigates). A window's entries are taken when it closes (the helper keeps a closed
// window's log for a while) or, for the windows still open, just before the command ends.
import type { HelperClient } from '../client/helperClient';
import { Requests } from '../protocol';
import type { HarWindow } from '../network/har';
import { writeHar } from '../network/harExport';

export class HarSession {
  private readonly taken = new Map<number, HarWindow>();
  private readonly open = new Set<number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly client: HelperClient, private readonly path: string, private readonly includeValues: boolean) {}

  /** Turns capture on for a window opened blank; the caller navigates it next. */
  async opened(windowId: number): Promise<void> {
    this.open.add(windowId);
    await this.client.request(Requests.setNetworkCapture, { windowId, bodies: true });
  }

  closed(windowId: number): void {
    if (!this.open.delete(windowId)) return;
    const p = this.take(windowId).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Takes the windows still open, writes the file; returns its path and how many entries it holds. */
  async finish(): Promise<{ path: string; entries: number }> {
    await Promise.all([...this.pending]);
    for (const windowId of [...this.open]) await this.take(windowId);
    const windows = [...this.taken.values()].sort((a, b) => a.windowId - b.windowId);
    const path = writeHar(windows, { path: this.path, includeValues: this.includeValues });
    return { path, entries: windows.reduce((n, w) => n + w.entries.length, 0) };
  }

  private async take(windowId: number): Promise<void> {
    try {
      const log = await this.client.request(Requests.getNetworkLog, { windowId, bodies: true, includeValues: this.includeValues });
      this.taken.set(windowId, { windowId, entries: log.entries });
    } catch {
      // the helper is gone or forgot the window: the file holds what was taken
    }
  }
}
