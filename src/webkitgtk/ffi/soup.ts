// koffi declarations of the libsoup 3 functions the Linux engine calls, each declared once.
import { library } from './libraries';

export function declareSoup() {
  const soup = library('libsoup-3.0.so.0');
  return {
    soup_cookie_get_name: soup.func('const char *soup_cookie_get_name(void *cookie)'),
    soup_cookie_get_value: soup.func('const char *soup_cookie_get_value(void *cookie)'),
    soup_cookie_get_domain: soup.func('const char *soup_cookie_get_domain(void *cookie)'),
    soup_cookie_get_path: soup.func('const char *soup_cookie_get_path(void *cookie)'),
    soup_cookie_get_expires: soup.func('void *soup_cookie_get_expires(void *cookie)'),
    soup_cookie_get_http_only: soup.func('int soup_cookie_get_http_only(void *cookie)'),
    soup_cookie_get_secure: soup.func('int soup_cookie_get_secure(void *cookie)'),
    soup_cookie_get_same_site_policy: soup.func('int soup_cookie_get_same_site_policy(void *cookie)'),
    soup_cookie_free: soup.func('void soup_cookie_free(void *cookie)'),
    soup_message_headers_new: soup.func('void *soup_message_headers_new(int type)'),
    soup_message_headers_append: soup.func('void soup_message_headers_append(void *headers, const char *name, const char *value)'),
    soup_cookie_new: soup.func('void *soup_cookie_new(const char *name, const char *value, const char *domain, const char *path, int max_age)'),
    soup_cookie_set_http_only: soup.func('void soup_cookie_set_http_only(void *cookie, int http_only)'),
    soup_cookie_set_secure: soup.func('void soup_cookie_set_secure(void *cookie, int secure)'),
    soup_cookie_set_same_site_policy: soup.func('void soup_cookie_set_same_site_policy(void *cookie, int policy)'),
    soup_message_headers_iter_init: soup.func('void soup_message_headers_iter_init(void *iter, void *headers)'),
    soup_message_headers_iter_next: soup.func('int soup_message_headers_iter_next(void *iter, _Out_ void **name, _Out_ void **value)'),
    soup_cookie_set_expires: soup.func('void soup_cookie_set_expires(void *cookie, void *expires)'),
  };
}
