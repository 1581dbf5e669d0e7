// koffi declarations of the GLib, GTK 3, WebKitGTK 4.1, libsoup 3 and cairo functions the Linux
// backend calls. Nothing here touches JavaScriptCore: JSC asserts that it runs on the thread's real
// stack, and koffi calls run on a stack of their own (see README, "Linux backend").
import * as koffi from 'koffi';

export type Ptr = bigint | null;

export function open(names: string[]): koffi.LibraryHandle {
  let last: unknown;
  for (const name of names) {
    try {
      return koffi.load(name);
    } catch (err) {
      last = err;
    }
  }
  throw new Error(`cannot load ${names[0]}: ${(last as Error)?.message}. Install the Debian package that provides it (see README).`);
}

export const Callbacks = {
  asyncReady: koffi.proto('void GAsyncReadyCallback(void *source, void *result, void *data)'),
  sourceFunc: koffi.proto('int GSourceFunc(void *data)'),
  loadChanged: koffi.proto('void LoadChanged(void *view, int event, void *data)'),
  loadFailed: koffi.proto('int LoadFailed(void *view, int event, const char *uri, void *error, void *data)'),
  notify: koffi.proto('void Notify(void *object, void *pspec, void *data)'),
  destroy: koffi.proto('void Destroy(void *widget, void *data)'),
  processTerminated: koffi.proto('void ProcessTerminated(void *view, int reason, void *data)'),
} as const;

export function register(fn: (...args: any[]) => unknown, proto: koffi.TypeObject): bigint {
  return koffi.register(fn, koffi.pointer(proto));
}

export function loadGtk() {
  const glib = open(['libglib-2.0.so.0']);
  const gobject = open(['libgobject-2.0.so.0']);
  const gtk = open(['libgtk-3.so.0']);
  const gdk = open(['libgdk-3.so.0']);
  const webkit = open(['libwebkit2gtk-4.1.so.0']);
  const soup = open(['libsoup-3.0.so.0']);
  const cairo = open(['libcairo.so.2']);
  return {
    // GLib
    g_main_context_iteration: glib.func('int g_main_context_iteration(void *context, int may_block)'),
    g_timeout_add: glib.func('uint g_timeout_add(uint interval, void *fn, void *data)'),
    g_source_remove: glib.func('int g_source_remove(uint id)'),
    g_list_free: glib.func('void g_list_free(void *list)'),
    g_error_free: glib.func('void g_error_free(void *error)'),
    g_date_time_to_unix: glib.func('int64 g_date_time_to_unix(void *datetime)'),
    // GObject
    g_signal_connect_data: gobject.func('ulong g_signal_connect_data(void *instance, const char *signal, void *handler, void *data, void *destroy, int flags)'),
    g_object_unref: gobject.func('void g_object_unref(void *object)'),
    // GTK / GDK
    gtk_init_check: gtk.func('int gtk_init_check(void *argc, void *argv)'),
    gtk_get_major_version: gtk.func('uint gtk_get_major_version()'),
    gtk_window_new: gtk.func('void *gtk_window_new(int type)'),
    gtk_window_set_title: gtk.func('void gtk_window_set_title(void *window, const char *title)'),
    gtk_window_set_default_size: gtk.func('void gtk_window_set_default_size(void *window, int width, int height)'),
    gtk_window_present: gtk.func('void gtk_window_present(void *window)'),
    gtk_container_add: gtk.func('void gtk_container_add(void *container, void *widget)'),
    gtk_widget_show_all: gtk.func('void gtk_widget_show_all(void *widget)'),
    gtk_widget_destroy: gtk.func('void gtk_widget_destroy(void *widget)'),
    gtk_widget_get_window: gtk.func('void *gtk_widget_get_window(void *widget)'),
    gdk_x11_window_get_xid: gdk.func('ulong gdk_x11_window_get_xid(void *window)'),
    gdk_display_get_default: gdk.func('void *gdk_display_get_default()'),
    gdk_display_get_name: gdk.func('const char *gdk_display_get_name(void *display)'),
    // WebKitGTK
    webkit_get_major_version: webkit.func('uint webkit_get_major_version()'),
    webkit_get_minor_version: webkit.func('uint webkit_get_minor_version()'),
    webkit_get_micro_version: webkit.func('uint webkit_get_micro_version()'),
    webkit_website_data_manager_new: webkit.func('void *webkit_website_data_manager_new(const char *first, ...)'),
    webkit_web_context_new_with_website_data_manager: webkit.func('void *webkit_web_context_new_with_website_data_manager(void *manager)'),
    webkit_web_context_get_cookie_manager: webkit.func('void *webkit_web_context_get_cookie_manager(void *context)'),
    webkit_cookie_manager_set_persistent_storage: webkit.func('void webkit_cookie_manager_set_persistent_storage(void *manager, const char *filename, int storage)'),
    webkit_cookie_manager_get_cookies: webkit.func('void webkit_cookie_manager_get_cookies(void *manager, const char *uri, void *cancellable, void *callback, void *data)'),
    webkit_cookie_manager_get_cookies_finish: webkit.func('void *webkit_cookie_manager_get_cookies_finish(void *manager, void *result, _Out_ void **error)'),
    webkit_web_view_new_with_context: webkit.func('void *webkit_web_view_new_with_context(void *context)'),
    webkit_web_view_load_uri: webkit.func('void webkit_web_view_load_uri(void *view, const char *uri)'),
    webkit_web_view_reload: webkit.func('void webkit_web_view_reload(void *view)'),
    webkit_web_view_get_uri: webkit.func('const char *webkit_web_view_get_uri(void *view)'),
    webkit_web_view_get_title: webkit.func('const char *webkit_web_view_get_title(void *view)'),
    webkit_web_view_is_loading: webkit.func('int webkit_web_view_is_loading(void *view)'),
    webkit_web_view_get_main_resource: webkit.func('void *webkit_web_view_get_main_resource(void *view)'),
    webkit_web_resource_get_response: webkit.func('void *webkit_web_resource_get_response(void *resource)'),
    webkit_uri_response_get_status_code: webkit.func('uint webkit_uri_response_get_status_code(void *response)'),
    webkit_web_view_get_snapshot: webkit.func('void webkit_web_view_get_snapshot(void *view, int region, int options, void *cancellable, void *callback, void *data)'),
    webkit_web_view_get_snapshot_finish: webkit.func('void *webkit_web_view_get_snapshot_finish(void *view, void *result, _Out_ void **error)'),
    // libsoup 3
    soup_cookie_get_name: soup.func('const char *soup_cookie_get_name(void *cookie)'),
    soup_cookie_get_value: soup.func('const char *soup_cookie_get_value(void *cookie)'),
    soup_cookie_get_domain: soup.func('const char *soup_cookie_get_domain(void *cookie)'),
    soup_cookie_get_path: soup.func('const char *soup_cookie_get_path(void *cookie)'),
    soup_cookie_get_expires: soup.func('void *soup_cookie_get_expires(void *cookie)'),
    soup_cookie_get_http_only: soup.func('int soup_cookie_get_http_only(void *cookie)'),
    soup_cookie_get_secure: soup.func('int soup_cookie_get_secure(void *cookie)'),
    soup_cookie_get_same_site_policy: soup.func('int soup_cookie_get_same_site_policy(void *cookie)'),
    soup_cookie_free: soup.func('void soup_cookie_free(void *cookie)'),
    // cairo
    cairo_surface_write_to_png: cairo.func('int cairo_surface_write_to_png(void *surface, const char *filename)'),
    cairo_image_surface_get_width: cairo.func('int cairo_image_surface_get_width(void *surface)'),
    cairo_image_surface_get_height: cairo.func('int cairo_image_surface_get_height(void *surface)'),
    cairo_surface_destroy: cairo.func('void cairo_surface_destroy(void *surface)'),
  };
}
export type Gtk = ReturnType<typeof loadGtk>;

/** Walks a GList, returning its data pointers. */
export function listData(list: Ptr): bigint[] {
  const items: bigint[] = [];
  let node = list;
  while (node) {
    const data = koffi.decode(node, 0, 'void *') as Ptr;
    if (data) items.push(data);
    node = koffi.decode(node, 8, 'void *') as Ptr;
  }
  return items;
}

/** A GError's message (GQuark domain, int code, char *message), leaving it to its owner. */
export function errorMessage(error: bigint): string {
  return (koffi.decode(error, 8, 'const char *') as string | null) ?? 'unknown error';
}

/** Reads a GError we own and frees it. */
export function takeError(gtk: Gtk, error: Ptr): { code: string; message: string } | null {
  if (!error) return null;
  const code = koffi.decode(error, 4, 'int') as number;
  const message = errorMessage(error);
  gtk.g_error_free(error);
  return { code: `GError ${code}`, message };
}

export const LOAD_FINISHED = 3;
export const COOKIE_STORAGE_SQLITE = 1;
export const SNAPSHOT_REGION_VISIBLE = 0;
export const SNAPSHOT_OPTIONS_NONE = 0;
