// A PNG of what a window shows, on Linux: webkit_web_view_get_snapshot, waited for with the glib
// strategy, written with cairo.
import type { ScreenshotResult } from '../protocol';
import { EngineError } from '../helper/errors';
import type { GlibWaits } from './wait';
import type { GtkWindow } from './windows';
import { type Ffi, type Ptr, SNAPSHOT_OPTIONS_NONE, SNAPSHOT_REGION_FULL_DOCUMENT, SNAPSHOT_REGION_VISIBLE, takeError } from './ffi';

export function screenshot(gtk: Ffi, waits: GlibWaits, w: GtkWindow, file: string, fullPage = false): ScreenshotResult {
  return waits.wait<ScreenshotResult>({ site: 'screenshot', windowId: w.id }, (completion) => {
    const token = waits.onAsync((_source, result) => {
      const error: [Ptr] = [null];
      const surface = gtk.webkit_web_view_get_snapshot_finish(w.view, result, error) as Ptr;
      const failure = takeError(gtk, error[0]);
      if (!surface) {
        completion.reject(new EngineError('screenshot', failure?.code ?? 'none', failure?.message ?? 'no snapshot'));
        return;
      }
      // The folder was made by the main thread (prepareFolder.ts). Whatever happens here ends the
      // wait: a throw inside this callback would otherwise leave it to sit out its deadline.
      try {
        const status = gtk.cairo_surface_write_to_png(surface, file) as number;
        const width = gtk.cairo_image_surface_get_width(surface) as number;
        const height = gtk.cairo_image_surface_get_height(surface) as number;
        if (status !== 0) completion.reject(new EngineError('screenshot', `cairo ${status}`, `cannot write ${file}`));
        else completion.resolve({ path: file, width, height });
      } catch (err) {
        completion.reject(err as Error);
      } finally {
        gtk.cairo_surface_destroy(surface);
      }
    });
    gtk.webkit_web_view_get_snapshot(w.view, fullPage ? SNAPSHOT_REGION_FULL_DOCUMENT : SNAPSHOT_REGION_VISIBLE, SNAPSHOT_OPTIONS_NONE, null, waits.asyncReady, token);
  });
}
