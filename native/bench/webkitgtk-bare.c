/*
 * The bare WebKitGTK program the Linux benchmark compares the product with: the same engine work
 * (one web context with a persistent cookie store, N windows opened in sequence on the same page,
 * the cookies of each read) in plain C on the GLib main loop, with no JavaScript and no FFI layer.
 * Usage: webkitgtk-bare <url> <windows> <data folder> [<cookie reads>]
 *        webkitgtk-bare --cycles <n> <url> <data folder>
 *        webkitgtk-bare --ready <data folder>
 * With --ready it prints "engine" and "ready" (below) and ends: the start-up figure alone.
 * With --cycles it opens a window, waits for its load, destroys it, n times, after 5 warm-up
 * cycles, and prints "cycles <n> rss-before <KiB> rss-after <KiB>": the engine's own share of
 * what an open/close cycle keeps.
 * Protocol (line based), so that the caller can sample memory between windows:
 *   stdout "engine"                                      GTK is initialized (what the product's
 *                                                        initialize answer means), no context yet
 *   stdout "ready"                                       the context exists, no window yet
 *   stdout "window <i> loaded <ms> cookies <ms> <count>" window i (from 1) finished loading; then
 *                                                        it waits for one line on stdin (or
 *                                                        for stdin to close: then for nothing)
 *   stdout "read <ms> <count>"                           one line per cookie read of the last
 *                                                        window, after the last window, read after read
 *   stdout "done"                                        after the last window; it closes them all
 * Times are in milliseconds: "loaded" from before the window is created to load-changed FINISHED
 * (the product's create-to-navigation-completed), "cookies" from the call to its callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

static gboolean finished, stdin_closed;
static void iterate_until(gboolean *flag) {
  while (!*flag) g_main_context_iteration(NULL, TRUE);
}
static int lines_waiting;
static GList *cookies_got;

static double now_ms(void) { return (double)g_get_monotonic_time() / 1000.0; }

static void on_load_changed(WebKitWebView *view, WebKitLoadEvent event, gpointer data) {
  (void)view; (void)data;
  if (event == WEBKIT_LOAD_FINISHED) finished = TRUE;
}

static void on_cookies(GObject *source, GAsyncResult *result, gpointer data) {
  (void)data;
  GError *error = NULL;
  cookies_got = webkit_cookie_manager_get_cookies_finish(WEBKIT_COOKIE_MANAGER(source), result, &error);
  if (error) {
    fprintf(stderr, "webkitgtk-bare: reading cookies failed: %s\n", error->message);
    exit(1);
  }
  finished = TRUE;
}

/* One webkit_cookie_manager_get_cookies, waited for on the main loop; returns its time in ms. */
static double read_cookies(WebKitCookieManager *manager, const char *uri, guint *count) {
  double asked = now_ms();
  finished = FALSE;
  webkit_cookie_manager_get_cookies(manager, uri, NULL, on_cookies, NULL);
  iterate_until(&finished);
  double read = now_ms() - asked;
  *count = g_list_length(cookies_got);
  g_list_free_full(cookies_got, (GDestroyNotify)soup_cookie_free);
  cookies_got = NULL;
  return read;
}

static gboolean on_stdin(GIOChannel *channel, GIOCondition condition, gpointer data) {
  (void)condition; (void)data;
  gchar *line = NULL;
  GIOStatus status = g_io_channel_read_line(channel, &line, NULL, NULL, NULL);
  g_free(line);
  if (status == G_IO_STATUS_EOF || status == G_IO_STATUS_ERROR) {
    stdin_closed = TRUE; /* nobody samples any more: go on without pausing */
    return G_SOURCE_REMOVE;
  }
  if (status == G_IO_STATUS_NORMAL) lines_waiting++;
  return G_SOURCE_CONTINUE;
}


static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  while (f && fgets(line, sizeof line, f)) if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
  if (f) fclose(f);
  return kib;
}

static void open_load_close(WebKitWebContext *context, const char *url) {
  GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(window), 640, 480);
  GtkWidget *view = webkit_web_view_new_with_context(context);
  gtk_container_add(GTK_CONTAINER(window), view);
  g_signal_connect(view, "load-changed", G_CALLBACK(on_load_changed), NULL);
  gtk_widget_show_all(window);
  finished = FALSE;
  webkit_web_view_load_uri(WEBKIT_WEB_VIEW(view), url);
  iterate_until(&finished);
  gtk_widget_destroy(window);
  while (g_main_context_iteration(NULL, FALSE)) { /* let the destruction finish */ }
}

int main(int argc, char **argv) {
  int cycles = argc == 5 && strcmp(argv[1], "--cycles") == 0 ? atoi(argv[2]) : 0;
  gboolean ready_only = argc == 3 && strcmp(argv[1], "--ready") == 0;
  if (!(cycles > 0 || ready_only || ((argc == 4 || argc == 5) && atoi(argv[2]) >= 1))) {
    fprintf(stderr, "usage: webkitgtk-bare <url> <windows> <data folder> [<cookie reads>]\n"
                    "       webkitgtk-bare --cycles <n> <url> <data folder>\n       webkitgtk-bare --ready <data folder>\n");
    return 2;
  }
  const char *url = cycles ? argv[3] : argv[1], *folder = cycles ? argv[4] : ready_only ? argv[2] : argv[3];
  int windows = cycles || ready_only ? 0 : atoi(argv[2]);
  int reads = argc == 5 && !cycles ? atoi(argv[4]) : 0;
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (!gtk_init_check(NULL, NULL)) {
    fprintf(stderr, "webkitgtk-bare: cannot open the display\n");
    return 1;
  }
  printf("engine\n");
  gchar *data = g_build_filename(folder, "data", NULL), *cache = g_build_filename(folder, "cache", NULL);
  gchar *store = g_build_filename(folder, "cookies.sqlite", NULL);
  WebKitWebsiteDataManager *manager = webkit_website_data_manager_new("base-data-directory", data, "base-cache-directory", cache, NULL);
  WebKitWebContext *context = webkit_web_context_new_with_website_data_manager(manager);
  g_object_unref(manager);
  WebKitCookieManager *cookie_manager = webkit_web_context_get_cookie_manager(context);
  webkit_cookie_manager_set_persistent_storage(cookie_manager, store, WEBKIT_COOKIE_PERSISTENT_STORAGE_SQLITE);

  if (cycles) {
    for (int i = 0; i < 5; i++) open_load_close(context, url);
    long before = rss_kib();
    for (int i = 0; i < cycles; i++) open_load_close(context, url);
    printf("cycles %d rss-before %ld rss-after %ld\n", cycles, before, rss_kib());
    return 0;
  }

  if (ready_only) {
    printf("ready\n");
    g_object_unref(context);
    return 0;
  }
  GIOChannel *in = g_io_channel_unix_new(0);
  g_io_add_watch(in, G_IO_IN | G_IO_HUP, on_stdin, NULL);
  printf("ready\n");

  GtkWidget **all = g_new0(GtkWidget *, windows);
  for (int i = 0; i < windows; i++) {
    double began = now_ms();
    GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    gtk_window_set_title(GTK_WINDOW(window), "bare");
    gtk_window_set_default_size(GTK_WINDOW(window), 640, 480);
    GtkWidget *view = webkit_web_view_new_with_context(context);
    gtk_container_add(GTK_CONTAINER(window), view);
    g_signal_connect(view, "load-changed", G_CALLBACK(on_load_changed), NULL);
    gtk_widget_show_all(window);
    all[i] = window;
    finished = FALSE;
    webkit_web_view_load_uri(WEBKIT_WEB_VIEW(view), url);
    iterate_until(&finished);
    double loaded = now_ms() - began;

    guint count;
    double read = read_cookies(cookie_manager, webkit_web_view_get_uri(WEBKIT_WEB_VIEW(view)), &count);
    printf("window %d loaded %.3f cookies %.3f %u\n", i + 1, loaded, read, count);
    while (!lines_waiting && !stdin_closed) g_main_context_iteration(NULL, TRUE);
    if (lines_waiting) lines_waiting--;
  }
  /* The same page's cookies again and again, as the product's requests read them. */
  WebKitWebView *last = WEBKIT_WEB_VIEW(gtk_bin_get_child(GTK_BIN(all[windows - 1])));
  for (int r = 0; r < reads; r++) {
    guint count;
    double read = read_cookies(cookie_manager, webkit_web_view_get_uri(last), &count);
    printf("read %.3f %u\n", read, count);
  }
  for (int i = 0; i < windows; i++) gtk_widget_destroy(all[i]);
  g_free(all);
  printf("done\n");
  g_object_unref(context);
  g_free(data);
  g_free(cache);
  g_free(store);
  return 0;
}
