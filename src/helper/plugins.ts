// What an entry point may plug into the helper: requests beyond the protocol's, served by the
// main thread or by the UI thread with the engine at hand, and the wait sites they use. The
// helper's entry points (main.ts, uiThread.ts) hand plugins in; the product itself ships none, and
// nothing in it knows what a plugin does (the test hooks, src/testHooks, are one).
import type { Backend, BackendEvents, BackendWaitSpec } from './backend';
import type { LedgerReader } from './ledger';
import type { Completion } from './waits';

/** The UI thread as a main-thread plugin reaches it. */
export interface PluginUi {
  /** Hands a call of the UI-thread plugin to the UI thread. */
  call(method: string, params: unknown): Promise<unknown>;
  readonly reader: LedgerReader;
}

export interface MainThreadPlugin {
  /** Wait sites beyond the product's, appended to the ledger's list on both threads. */
  readonly waitSites: readonly string[];
  /** Requests by wire name; their parameters are the plugin's to check. */
  requests(ui: () => PluginUi): ReadonlyMap<string, (params: unknown) => Promise<unknown>>;
}

/** An engine as the UI-thread plugin sees it: its requests, and its wait. */
export type PluginEngine = Backend & { wait<T>(spec: BackendWaitSpec, start: (c: Completion<T>) => void): T };

export interface UiThreadPlugin {
  /** Runs on the UI thread before the engine loads. */
  beforeEngine(): void;
  /** The engine's events as the plugin wants them delivered. */
  wrapEvents(events: BackendEvents): BackendEvents;
  /** The UI-thread calls the plugin serves, by method name. */
  readonly handlers: Readonly<Record<string, (engine: PluginEngine, params: unknown) => unknown>>;
}
