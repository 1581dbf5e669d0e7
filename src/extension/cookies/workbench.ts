// Cookie state that outlives a command: the open cookie view of each window and the snapshot
// taken of it; an edit refreshes every open view of the same profile.
import type { CookieSnapshot } from '../../cookies/snapshotDiff';
import type { Ctx } from '../ctx';
import { deleteInteractively, editInteractively, exportInteractively } from './commands';
import { CookieView, type CookieViewActions } from './view';

/** The extension's cookie state (owned by Ctx): open views and snapshots, by window. */
export class CookieWorkbench {
  readonly views = new Map<number, CookieView>();
  readonly snapshots = new Map<number, CookieSnapshot>();
  constructor(readonly ctx: Ctx) {}

  async show(windowId: number): Promise<CookieView> {
    let view = this.views.get(windowId);
    if (view) view.panel.reveal();
    else {
      view = CookieView.open(this.ctx, windowId, this.actions, () => {
        this.views.delete(windowId);
        this.ctx.windowState.soon();
      });
      this.views.set(windowId, view);
      this.ctx.windowState.soon();
    }
    await view.refresh();
    return view;
  }

  /** After an edit: every open view of the same environment reads its cookies again. */
  async refreshViews(windowId: number): Promise<void> {
    const env = this.ctx.client.windows.get(windowId)?.environmentId;
    for (const view of this.views.values()) {
      const other = this.ctx.client.windows.get(view.windowId)?.environmentId;
      if (view.windowId === windowId || (env !== undefined && other === env)) await view.refresh().catch(() => undefined);
    }
  }

  readonly actions: CookieViewActions = {
    edit: async (windowId, key) => { await editInteractively(this, windowId, key); },
    remove: async (windowId, key) => { await deleteInteractively(this, windowId, key); },
    exportAll: async (windowId) => { await exportInteractively(this, windowId); },
  };
}
