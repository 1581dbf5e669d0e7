// koffi declarations for the page features of the Linux backend: the console's URI scheme, user
// scripts and content filter, resource loads, the inspector, history, zoom, window geometry and the
// program's name. None of them runs JavaScriptCore on the calling thread.
import * as koffi from 'koffi';

export const PageCallbacks = {
  uriScheme: koffi.proto('void UriSchemeRequest(void *request, void *data)'),
  filterSaved: koffi.proto('void ContentFilterSaved(void *store, void *result, void *data)'),
  resourceLoadStarted: koffi.proto('void ResourceLoadStarted(void *view, void *resource, void *request, void *data)'),
  configureEvent: koffi.proto('int ConfigureEvent(void *widget, void *event, void *data)'),
} as const;

export function loadPageFfi() {
  const glib = koffi.load('libglib-2.0.so.0');
  const gio = koffi.load('libgio-2.0.so.0');
  const gtk = koffi.load('libgtk-3.so.0');
  const gdk = koffi.load('libgdk-3.so.0');
  const webkit = koffi.load('libwebkit2gtk-4.1.so.0');
  const libc = koffi.load('libc.so.6');
  return {
    // Strings the page chooses (URIs) come back as pointers: their length is checked with strnlen
    // before any of it is copied into JS.
    strnlen: libc.func('size_t strnlen(const void *s, size_t maxlen)'),
    g_bytes_new: glib.func('void *g_bytes_new(const void *data, size_t size)'),
    g_bytes_unref: glib.func('void g_bytes_unref(void *bytes)'),
    g_error_free: glib.func('void g_error_free(void *error)'),
    g_set_prgname: glib.func('void g_set_prgname(const char *name)'),
    gdk_set_program_class: gdk.func('void gdk_set_program_class(const char *name)'),
    gtk_window_set_default_icon_name: gtk.func('void gtk_window_set_default_icon_name(const char *name)'),
    gtk_window_set_default_icon_from_file: gtk.func('int gtk_window_set_default_icon_from_file(const char *file, void *error)'),
    gtk_window_move: gtk.func('void gtk_window_move(void *window, int x, int y)'),
    gtk_window_resize: gtk.func('void gtk_window_resize(void *window, int width, int height)'),
    gtk_window_get_position: gtk.func('void gtk_window_get_position(void *window, _Out_ int *x, _Out_ int *y)'),
    gtk_window_get_size: gtk.func('void gtk_window_get_size(void *window, _Out_ int *width, _Out_ int *height)'),
    g_memory_input_stream_new: gio.func('void *g_memory_input_stream_new()'),
    webkit_web_context_register_uri_scheme: webkit.func('void webkit_web_context_register_uri_scheme(void *context, const char *scheme, void *callback, void *data, void *destroy)'),
    webkit_web_context_get_security_manager: webkit.func('void *webkit_web_context_get_security_manager(void *context)'),
    webkit_security_manager_register_uri_scheme_as_secure: webkit.func('void webkit_security_manager_register_uri_scheme_as_secure(void *manager, const char *scheme)'),
    webkit_security_manager_register_uri_scheme_as_cors_enabled: webkit.func('void webkit_security_manager_register_uri_scheme_as_cors_enabled(void *manager, const char *scheme)'),
    webkit_uri_scheme_request_get_uri: webkit.func('void *webkit_uri_scheme_request_get_uri(void *request)'),
    webkit_uri_scheme_request_get_web_view: webkit.func('void *webkit_uri_scheme_request_get_web_view(void *request)'),
    webkit_uri_scheme_request_finish: webkit.func('void webkit_uri_scheme_request_finish(void *request, void *stream, int64 length, const char *contentType)'),
    webkit_web_view_get_user_content_manager: webkit.func('void *webkit_web_view_get_user_content_manager(void *view)'),
    webkit_user_script_new: webkit.func('void *webkit_user_script_new(const char *source, int frames, int time, void *allow, void *block)'),
    webkit_user_script_unref: webkit.func('void webkit_user_script_unref(void *script)'),
    webkit_user_script_new_for_world: webkit.func('void *webkit_user_script_new_for_world(const char *source, int frames, int time, const char *world, void *allow, void *block)'),
    webkit_user_content_manager_add_script: webkit.func('void webkit_user_content_manager_add_script(void *manager, void *script)'),
    webkit_user_content_filter_store_new: webkit.func('void *webkit_user_content_filter_store_new(const char *path)'),
    webkit_user_content_filter_store_save: webkit.func('void webkit_user_content_filter_store_save(void *store, const char *identifier, void *source, void *cancellable, void *callback, void *data)'),
    webkit_user_content_filter_store_save_finish: webkit.func('void *webkit_user_content_filter_store_save_finish(void *store, void *result, _Out_ void **error)'),
    webkit_user_content_filter_unref: webkit.func('void webkit_user_content_filter_unref(void *filter)'),
    webkit_user_content_manager_add_filter: webkit.func('void webkit_user_content_manager_add_filter(void *manager, void *filter)'),
    webkit_web_resource_get_uri: webkit.func('void *webkit_web_resource_get_uri(void *resource)'),
    webkit_web_view_get_settings: webkit.func('void *webkit_web_view_get_settings(void *view)'),
    webkit_settings_set_enable_developer_extras: webkit.func('void webkit_settings_set_enable_developer_extras(void *settings, int enabled)'),
    webkit_settings_set_allow_file_access_from_file_urls: webkit.func('void webkit_settings_set_allow_file_access_from_file_urls(void *settings, int allowed)'),
    webkit_web_view_get_inspector: webkit.func('void *webkit_web_view_get_inspector(void *view)'),
    webkit_web_inspector_show: webkit.func('void webkit_web_inspector_show(void *inspector)'),
    webkit_web_inspector_close: webkit.func('void webkit_web_inspector_close(void *inspector)'),
    webkit_web_inspector_is_attached: webkit.func('int webkit_web_inspector_is_attached(void *inspector)'),
    webkit_web_inspector_detach: webkit.func('void webkit_web_inspector_detach(void *inspector)'),
    webkit_web_view_go_back: webkit.func('void webkit_web_view_go_back(void *view)'),
    webkit_web_view_go_forward: webkit.func('void webkit_web_view_go_forward(void *view)'),
    webkit_web_view_stop_loading: webkit.func('void webkit_web_view_stop_loading(void *view)'),
    webkit_web_view_set_zoom_level: webkit.func('void webkit_web_view_set_zoom_level(void *view, double level)'),
    webkit_web_view_get_zoom_level: webkit.func('double webkit_web_view_get_zoom_level(void *view)'),
  };
}
export type PageFfi = ReturnType<typeof loadPageFfi>;

export const USER_CONTENT_INJECT_ALL_FRAMES = 0;
export const USER_SCRIPT_INJECT_AT_DOCUMENT_START = 0;
