// What an entry point may hand the core besides the product: more commands, registered like the
// product's, and more environment for the helper process. The product declares the shape; it
// never knows who fills it in.
import type { RequestType } from 'vscode-jsonrpc/node';
import type { Command } from './command';

export interface ExtensionPlugin {
  /** Registered as `webview2Host.<name>` and `webview2Host.api.<name>`, like the product's commands. */
  readonly commands: readonly Command[];
  /** Added to the environment of every helper process the extension starts. */
  readonly helperEnv: NodeJS.ProcessEnv;
  /** Called by the core once, before any of the commands runs. */
  start?(kit: PluginKit): void;
}

/** What the core lends a plugin. */
export interface PluginKit {
  /**
   * A request type of the plugin's own, as this core's client can send it: a request type only
   * works with the JSON-RPC library that made it, and a plugin loaded apart from the core's bundle
   * has a copy of its own.
   */
  adopt<P, R>(type: RequestType<P, R, void>): RequestType<P, R, void>;
}
