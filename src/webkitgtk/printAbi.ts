// koffi declarations for saving a page as a PDF on Linux: WebKitGTK 4.1's print operation and the
// GTK 3 print settings it prints with (to GTK's "Print to File" printer, no dialog).
import * as koffi from 'koffi';
import { open } from './abi';

export function loadPrintAbi() {
  const glib = open(['libglib-2.0.so.0']);
  const gobject = open(['libgobject-2.0.so.0']);
  const gtk = open(['libgtk-3.so.0']);
  const webkit = open(['libwebkit2gtk-4.1.so.0']);
  return {
    g_timeout_add: glib.func('uint g_timeout_add(uint interval, void *fn, void *data)'),
    g_source_remove: glib.func('int g_source_remove(uint id)'),
    g_signal_connect_data: gobject.func('ulong g_signal_connect_data(void *instance, const char *signal, void *handler, void *data, void *destroy, int flags)'),
    g_signal_handler_disconnect: gobject.func('void g_signal_handler_disconnect(void *instance, ulong id)'),
    g_object_unref: gobject.func('void g_object_unref(void *object)'),
    gtk_print_settings_new: gtk.func('void *gtk_print_settings_new()'),
    gtk_print_settings_set: gtk.func('void gtk_print_settings_set(void *settings, const char *key, const char *value)'),
    gtk_print_settings_set_printer: gtk.func('void gtk_print_settings_set_printer(void *settings, const char *printer)'),
    webkit_print_operation_new: webkit.func('void *webkit_print_operation_new(void *view)'),
    webkit_print_operation_set_print_settings: webkit.func('void webkit_print_operation_set_print_settings(void *operation, void *settings)'),
    webkit_print_operation_print: webkit.func('void webkit_print_operation_print(void *operation)'),
  };
}
export type PrintAbi = ReturnType<typeof loadPrintAbi>;

export const PrintCallbacks = {
  /** WebKitPrintOperation::finished (operation, data). */
  finished: koffi.proto('void PrintFinished(void *operation, void *data)'),
  /** WebKitPrintOperation::failed (operation, GError owned by the emitter, data). */
  failed: koffi.proto('void PrintFailed(void *operation, void *error, void *data)'),
} as const;

/** GTK_PRINT_SETTINGS_OUTPUT_URI and _OUTPUT_FILE_FORMAT, and the file backend's printer name. */
export const OUTPUT_URI = 'output-uri';
export const OUTPUT_FILE_FORMAT = 'output-file-format';
export const PRINT_TO_FILE = 'Print to File';
