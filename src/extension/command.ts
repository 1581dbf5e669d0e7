// How a command is declared: its name (the `webview2Host.<name>` and `webview2Host.api.<name>`
// ids) beside a factory that takes the context and who calls and returns the handler. Each feature
// folder declares its commands this way and lists them; registry.ts puts the lists together, and
// package.json contributes the same names (a unit test compares the two).
import type { Ctx } from './ctx';

/** Who a handler serves: a person (palette, menus, status bar) may be asked; code never is. */
export type Caller = 'person' | 'code';
export type Handler = (...args: any[]) => Promise<unknown>;
export type Factory = (ctx: Ctx, caller: Caller) => Handler;

export interface Command {
  readonly name: string;
  readonly factory: Factory;
}

export function command(name: string, factory: Factory): Command {
  return { name, factory };
}
