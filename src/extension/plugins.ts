// What an entry point may hand the core besides the product: more commands, registered like the
// product's, and more environment for the helper process. The product declares the shape; it
// never knows who fills it in.
import type { Command } from './command';

export interface ExtensionPlugin {
  /** Registered as `webview2Host.<name>` and `webview2Host.api.<name>`, like the product's commands. */
  readonly commands: readonly Command[];
  /** Added to the environment of every helper process the extension starts. */
  readonly helperEnv: NodeJS.ProcessEnv;
}
