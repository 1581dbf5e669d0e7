// Input to a page on Windows, through the DevTools protocol's Input domain: Chromium delivers it as
// it delivers the user's input (trusted events, user activation). The methods are issued in order
// and the protocol keeps that order; a failure is logged, as the page will not have seen the input.
import type { ClickInput, KeyInput, PageInputParams } from '../protocol';
import { InvalidInputError } from '../helper/errors';
import type { Com } from './ffi/com';
import type { HandlerFactory } from './handlers';
import { callDevTools } from './devToolsCalls';

/** The protocol's modifier bits. */
const MODIFIER_BITS = { Alt: 1, Control: 2, Meta: 4, Shift: 8 } as const;
/** DOM key names with their Windows virtual-key code and DOM code (what Chromium needs to act on them). */
const NAMED_KEYS: Record<string, { vk: number; code: string; text?: string }> = {
  Enter: { vk: 13, code: 'Enter', text: '\r' }, Tab: { vk: 9, code: 'Tab' }, Backspace: { vk: 8, code: 'Backspace' },
  Escape: { vk: 27, code: 'Escape' }, ' ': { vk: 32, code: 'Space', text: ' ' }, Space: { vk: 32, code: 'Space', text: ' ' },
  PageUp: { vk: 33, code: 'PageUp' }, PageDown: { vk: 34, code: 'PageDown' }, End: { vk: 35, code: 'End' }, Home: { vk: 36, code: 'Home' },
  ArrowLeft: { vk: 37, code: 'ArrowLeft' }, ArrowUp: { vk: 38, code: 'ArrowUp' }, ArrowRight: { vk: 39, code: 'ArrowRight' },
  ArrowDown: { vk: 40, code: 'ArrowDown' }, Insert: { vk: 45, code: 'Insert' }, Delete: { vk: 46, code: 'Delete' },
  Shift: { vk: 16, code: 'ShiftLeft' }, Control: { vk: 17, code: 'ControlLeft' }, Alt: { vk: 18, code: 'AltLeft' }, Meta: { vk: 91, code: 'MetaLeft' },
};
for (let n = 1; n <= 24; n++) NAMED_KEYS[`F${n}`] = { vk: 111 + n, code: `F${n}` };

/** Input.dispatchKeyEvent's parameters for a key's press (its release drops the text). */
export function keyEvent(input: KeyInput): Record<string, unknown> {
  const modifiers = (input.modifiers ?? []).reduce((bits, m) => bits | MODIFIER_BITS[m], 0);
  const named = NAMED_KEYS[input.key];
  if (named) return { type: named.text ? 'keyDown' : 'rawKeyDown', key: input.key === 'Space' ? ' ' : input.key, code: named.code, windowsVirtualKeyCode: named.vk, modifiers, ...(named.text ? { text: named.text } : {}) };
  const chars = [...input.key];
  if (chars.length !== 1) throw new InvalidInputError(`"${input.key}" is not a key: use a DOM key name (Enter, Tab, ArrowLeft, Escape, F5, a)`, 'input.key');
  const upper = input.key.toUpperCase();
  const letter = /^[A-Z]$/.test(upper), digit = /^[0-9]$/.test(input.key);
  // Shift with a letter is its capital, as on a keyboard: the page's KeyboardEvent.key and the text say so.
  const key = letter && modifiers & MODIFIER_BITS.Shift ? upper : input.key;
  // With Control or Meta held a letter is a shortcut, not text; a key without text is a raw key down.
  const shortcut = (modifiers & (MODIFIER_BITS.Control | MODIFIER_BITS.Meta)) !== 0;
  return {
    type: shortcut ? 'rawKeyDown' : 'keyDown', key, modifiers,
    ...(letter ? { code: `Key${upper}`, windowsVirtualKeyCode: upper.charCodeAt(0) } : digit ? { code: `Digit${input.key}`, windowsVirtualKeyCode: input.key.charCodeAt(0) } : {}),
    ...(shortcut ? {} : { text: key }),
  };
}

/** Input.dispatchMouseEvent's parameters for a click: a move there, then each press and release. */
export function clickEvents(input: ClickInput): Record<string, unknown>[] {
  const at = { x: input.x, y: input.y };
  const button = input.button ?? 'left';
  const events: Record<string, unknown>[] = [{ type: 'mouseMoved', ...at }];
  for (let count = 1; count <= (input.clickCount ?? 1); count++) {
    events.push({ type: 'mousePressed', ...at, button, clickCount: count }, { type: 'mouseReleased', ...at, button, clickCount: count });
  }
  return events;
}

export function deliverInput(com: Com, handlers: HandlerFactory, webview: bigint, p: PageInputParams, log: (message: string) => void): void {
  const send = (method: string, params: Record<string, unknown>) =>
    callDevTools(com, handlers, webview, method, params, (a) => { if (!a.ok) log(`window ${p.windowId}: input not delivered: ${a.error}`); });
  const input = p.input;
  if (input.kind === 'click') for (const e of clickEvents(input)) send('Input.dispatchMouseEvent', e);
  else if (input.kind === 'text') send('Input.insertText', { text: input.text });
  else {
    const down = keyEvent(input);
    send('Input.dispatchKeyEvent', down);
    const { text: _text, ...up } = down;
    send('Input.dispatchKeyEvent', { ...up, type: 'keyUp' });
  }
}
