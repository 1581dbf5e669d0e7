// koffi declarations for cookie edits, TLS decisions and proxies on Linux: WebKitGTK 4.1's cookie
// manager, website data manager and web context, libsoup 3's cookies, GLib's date-times.
import * as koffi from 'koffi';
import { open } from './abi';

export function loadNetworkAbi() {
  const glib = open(['libglib-2.0.so.0']);
  const webkit = open(['libwebkit2gtk-4.1.so.0']);
  const soup = open(['libsoup-3.0.so.0']);
  return {
    g_date_time_new_from_unix_utc: glib.func('void *g_date_time_new_from_unix_utc(int64 t)'),
    g_date_time_unref: glib.func('void g_date_time_unref(void *datetime)'),
    soup_cookie_new: soup.func('void *soup_cookie_new(const char *name, const char *value, const char *domain, const char *path, int max_age)'),
    soup_cookie_set_http_only: soup.func('void soup_cookie_set_http_only(void *cookie, int http_only)'),
    soup_cookie_set_secure: soup.func('void soup_cookie_set_secure(void *cookie, int secure)'),
    soup_cookie_set_same_site_policy: soup.func('void soup_cookie_set_same_site_policy(void *cookie, int policy)'),
    soup_cookie_set_expires: soup.func('void soup_cookie_set_expires(void *cookie, void *expires)'),
    soup_cookie_get_name: soup.func('const char *soup_cookie_get_name(void *cookie)'),
    soup_cookie_get_domain: soup.func('const char *soup_cookie_get_domain(void *cookie)'),
    soup_cookie_get_path: soup.func('const char *soup_cookie_get_path(void *cookie)'),
    soup_cookie_free: soup.func('void soup_cookie_free(void *cookie)'),
    webkit_cookie_manager_add_cookie: webkit.func('void webkit_cookie_manager_add_cookie(void *manager, void *cookie, void *cancellable, void *callback, void *data)'),
    webkit_cookie_manager_add_cookie_finish: webkit.func('int webkit_cookie_manager_add_cookie_finish(void *manager, void *result, _Out_ void **error)'),
    webkit_cookie_manager_delete_cookie: webkit.func('void webkit_cookie_manager_delete_cookie(void *manager, void *cookie, void *cancellable, void *callback, void *data)'),
    webkit_cookie_manager_delete_cookie_finish: webkit.func('int webkit_cookie_manager_delete_cookie_finish(void *manager, void *result, _Out_ void **error)'),
    webkit_cookie_manager_get_all_cookies: webkit.func('void webkit_cookie_manager_get_all_cookies(void *manager, void *cancellable, void *callback, void *data)'),
    webkit_cookie_manager_get_all_cookies_finish: webkit.func('void *webkit_cookie_manager_get_all_cookies_finish(void *manager, void *result, _Out_ void **error)'),
    webkit_web_context_get_website_data_manager: webkit.func('void *webkit_web_context_get_website_data_manager(void *context)'),
    webkit_website_data_manager_clear: webkit.func('void webkit_website_data_manager_clear(void *manager, int types, int64 timespan, void *cancellable, void *callback, void *data)'),
    webkit_website_data_manager_clear_finish: webkit.func('int webkit_website_data_manager_clear_finish(void *manager, void *result, _Out_ void **error)'),
    webkit_website_data_manager_set_tls_errors_policy: webkit.func('void webkit_website_data_manager_set_tls_errors_policy(void *manager, int policy)'),
    webkit_web_context_allow_tls_certificate_for_host: webkit.func('void webkit_web_context_allow_tls_certificate_for_host(void *context, void *certificate, const char *host)'),
    webkit_network_proxy_settings_new: webkit.func('void *webkit_network_proxy_settings_new(const char *default_proxy_uri, void *ignore_hosts)'),
    webkit_network_proxy_settings_free: webkit.func('void webkit_network_proxy_settings_free(void *settings)'),
    webkit_website_data_manager_set_network_proxy_settings: webkit.func('void webkit_website_data_manager_set_network_proxy_settings(void *manager, int mode, void *settings)'),
  };
}
export type NetworkAbi = ReturnType<typeof loadNetworkAbi>;

/** load-failed-with-tls-errors: (view, failing URI, GTlsCertificate, GTlsCertificateFlags, data) -> handled. */
export const TlsErrorsCallback = koffi.proto('int LoadFailedWithTlsErrors(void *view, const char *uri, void *certificate, uint errors, void *data)');

export const WEBSITE_DATA_COOKIES = 1 << 8;
export const TLS_ERRORS_POLICY_FAIL = 1;
export const NETWORK_PROXY_MODE_CUSTOM = 2;

