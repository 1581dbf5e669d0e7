// The Linux engine's environments: a WebKitWebContext per profile folder, with its website data
// manager and persistent cookie storage under the folder. The registry (one per folder, the proxy
// rule) is the engine base's.
import * as path from 'node:path';
import type { EngineEnvironment } from '../helper/engineBase';
import { COOKIE_STORAGE_SQLITE, type Ffi } from './ffi';

export interface Environment extends EngineEnvironment {
  context: bigint;
  cookieManager: bigint;
}

/** A new environment for a profile folder; `prepare` sees its web context before any view uses it. */
export function openEnvironment(g: Ffi, id: number, folder: string, prepare: (context: bigint) => void): Environment {
  // The folder was made and checked by the main thread (prepareFolder.ts, 0700 when new): no file-system call
  // here, where one that hangs would take every window with it.
  const manager = g.webkit_website_data_manager_new(
    'base-data-directory', 'const char *', path.join(folder, 'data'),
    'const char *', 'base-cache-directory', 'const char *', path.join(folder, 'cache'),
    'const char *', null,
  ) as bigint;
  const context = g.webkit_web_context_new_with_website_data_manager(manager) as bigint;
  g.g_object_unref(manager);
  prepare(context);
  const cookieManager = g.webkit_web_context_get_cookie_manager(context) as bigint;
  g.webkit_cookie_manager_set_persistent_storage(cookieManager, path.join(folder, 'cookies.sqlite'), COOKIE_STORAGE_SQLITE);
  return { id, folder, context, cookieManager };
}
