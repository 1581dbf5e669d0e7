// An environment's proxy on Linux: the website data manager's network proxy settings, custom mode,
// every host through it, loopback too, but the helper's own page script channel (127.0.0.1 at its
// port, pageChannels.ts), which is the helper's and must not pass through, nor depend on, a proxy.
import type { Environment } from './environments';
import { Ffi, NETWORK_PROXY_MODE_CUSTOM } from './ffi';

export function applyProxy(net: Ffi, env: Environment, proxy: string, channelPort?: number): void {
  const manager = net.webkit_web_context_get_website_data_manager(env.context);
  const settings = net.webkit_network_proxy_settings_new(proxy, channelPort === undefined ? null : [`127.0.0.1:${channelPort}`, null]);
  try {
    net.webkit_website_data_manager_set_network_proxy_settings(manager, NETWORK_PROXY_MODE_CUSTOM, settings);
  } finally {
    net.webkit_network_proxy_settings_free(settings);
  }
}
