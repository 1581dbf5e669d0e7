// An environment's proxy on Linux: the website data manager's network proxy settings, custom mode,
// every host through it (no ignore list, so loopback too).
import type { Environment } from './environments';
import { Ffi, NETWORK_PROXY_MODE_CUSTOM } from './ffi';

export function applyProxy(net: Ffi, env: Environment, proxy: string): void {
  const manager = net.webkit_web_context_get_website_data_manager(env.context);
  const settings = net.webkit_network_proxy_settings_new(proxy, null);
  try {
    net.webkit_website_data_manager_set_network_proxy_settings(manager, NETWORK_PROXY_MODE_CUSTOM, settings);
  } finally {
    net.webkit_network_proxy_settings_free(settings);
  }
}
