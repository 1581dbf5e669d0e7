// Page script and input, the protocol's part for tools that act inside a page (agents, the CLI's
// --wait-for), re-exported by protocol.ts. Requests: runScript (an expression evaluated in the
// window's main frame, its JSON value answered) and pageInput (a click, a key or text, delivered
// as input by the engine, not as events made by script).
import type { WindowParams } from '../protocol';

/**
 * Where a script runs. 'isolated': a script world of the product's, with the page's DOM but not its
 * JavaScript globals, which page script can neither read nor change (what the product's own tools
 * use). 'page': the page's own world, where its globals are (browser_evaluate).
 */
export type ScriptWorld = 'isolated' | 'page';

export interface RunScriptParams extends WindowParams {
  /** A JavaScript expression; a promise is awaited. Its value must be JSON (undefined answers null). */
  expression: string;
  world: ScriptWorld;
  /** How long the page may take to answer, ms (default 5000). The engine's own wait deadline still holds. */
  timeoutMs?: number;
}

/** A script's outcome: its value as JSON text, or what it threw (or why it did not answer). */
export type RunScriptResult = { ok: true; json: string } | { ok: false; error: string };

/** A mouse click at a point of the page's viewport, in CSS pixels (the engine applies the zoom). */
export interface ClickInput {
  kind: 'click';
  x: number;
  y: number;
  button?: 'left' | 'middle' | 'right';
  /** 2 for a double click. */
  clickCount?: 1 | 2;
}

/** One key pressed and released, named as the DOM names keys (KeyboardEvent.key): Enter, ArrowLeft, a. */
export interface KeyInput {
  kind: 'key';
  key: string;
  modifiers?: ('Shift' | 'Control' | 'Alt' | 'Meta')[];
}

/** Text inserted where the focus is, as typing it would (input events, not key by key). */
export interface TextInput {
  kind: 'text';
  text: string;
}

export interface PageInputParams extends WindowParams {
  input: ClickInput | KeyInput | TextInput;
}

/** The longest expression runScript takes, and the longest JSON value it answers (characters). */
export const MAX_SCRIPT_CHARS = 256 * 1024;
export const MAX_SCRIPT_RESULT_CHARS = 1024 * 1024;
/** The longest text one pageInput inserts. */
export const MAX_INPUT_TEXT_CHARS = 100_000;
export const DEFAULT_SCRIPT_TIMEOUT_MS = 5000;
export const MAX_SCRIPT_TIMEOUT_MS = 30_000;
