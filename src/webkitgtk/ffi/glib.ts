// koffi declarations of the GLib, GObject and GIO functions the Linux engine calls, each declared once.
import { library } from './libraries';

export function declareGlib() {
  const glib = library('libglib-2.0.so.0');
  const gobject = library('libgobject-2.0.so.0');
  const gio = library('libgio-2.0.so.0');
  return {
    g_main_context_iteration: glib.func('int g_main_context_iteration(void *context, int may_block)'),
    g_timeout_add: glib.func('uint g_timeout_add(uint interval, void *fn, void *data)'),
    g_source_remove: glib.func('int g_source_remove(uint id)'),
    g_list_free: glib.func('void g_list_free(void *list)'),
    g_error_free: glib.func('void g_error_free(void *error)'),
    g_date_time_to_unix: glib.func('int64 g_date_time_to_unix(void *datetime)'),
    g_date_time_new_from_unix_utc: glib.func('void *g_date_time_new_from_unix_utc(int64 t)'),
    g_date_time_unref: glib.func('void g_date_time_unref(void *datetime)'),
    g_bytes_new: glib.func('void *g_bytes_new(const void *data, size_t size)'),
    g_bytes_unref: glib.func('void g_bytes_unref(void *bytes)'),
    g_set_prgname: glib.func('void g_set_prgname(const char *name)'),
    g_main_context_wakeup: glib.func('void g_main_context_wakeup(void *context)'),
    g_signal_connect_data: gobject.func('ulong g_signal_connect_data(void *instance, const char *signal, void *handler, void *data, void *destroy, int flags)'),
    g_object_unref: gobject.func('void g_object_unref(void *object)'),
    /** Variadic: property name, type and value pairs, ended by a NULL name. */
    g_object_new: gobject.func('void *g_object_new(size_t type, const char *first, ...)'),
    g_object_ref: gobject.func('void *g_object_ref(void *object)'),
    g_object_ref_sink: gobject.func('void *g_object_ref_sink(void *object)'),
    g_free: glib.func('void g_free(void *memory)'),
    g_quark_to_string: glib.func('const char *g_quark_to_string(uint32 quark)'),
    g_signal_handler_disconnect: gobject.func('void g_signal_handler_disconnect(void *instance, ulong id)'),
    g_memory_input_stream_new: gio.func('void *g_memory_input_stream_new()'),
    g_memory_input_stream_new_from_bytes: gio.func('void *g_memory_input_stream_new_from_bytes(void *bytes)'),
    g_tls_certificate_new_from_pem: gio.func('void *g_tls_certificate_new_from_pem(const char *data, int64 length, _Out_ void **error)'),
  };
}
