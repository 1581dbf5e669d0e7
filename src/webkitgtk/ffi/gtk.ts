// koffi declarations of the GTK 3 and GDK 3 functions the Linux engine calls, each declared once.
import { library } from './libraries';

export function declareGtk() {
  const gtk = library('libgtk-3.so.0');
  const gdk = library('libgdk-3.so.0');
  return {
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
    gtk_window_set_default_icon_name: gtk.func('void gtk_window_set_default_icon_name(const char *name)'),
    gtk_window_set_default_icon_from_file: gtk.func('int gtk_window_set_default_icon_from_file(const char *file, void *error)'),
    gtk_window_move: gtk.func('void gtk_window_move(void *window, int x, int y)'),
    gtk_window_resize: gtk.func('void gtk_window_resize(void *window, int width, int height)'),
    gtk_window_get_position: gtk.func('void gtk_window_get_position(void *window, _Out_ int *x, _Out_ int *y)'),
    gtk_window_get_size: gtk.func('void gtk_window_get_size(void *window, _Out_ int *width, _Out_ int *height)'),
    gtk_print_settings_new: gtk.func('void *gtk_print_settings_new()'),
    gtk_print_settings_set: gtk.func('void gtk_print_settings_set(void *settings, const char *key, const char *value)'),
    gtk_print_settings_set_printer: gtk.func('void gtk_print_settings_set_printer(void *settings, const char *printer)'),
    gdk_x11_window_get_xid: gdk.func('ulong gdk_x11_window_get_xid(void *window)'),
    gdk_display_get_default: gdk.func('void *gdk_display_get_default()'),
    gdk_display_get_name: gdk.func('const char *gdk_display_get_name(void *display)'),
    gdk_set_program_class: gdk.func('void gdk_set_program_class(const char *name)'),
  };
}
