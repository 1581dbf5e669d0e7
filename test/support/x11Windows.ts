// Top-level X11 windows as a window manager sees them: id, title (WM_NAME), class (WM_CLASS) and
// whether they are mapped. Without a window manager (Xvfb), GTK's windows are children of the root.
import * as koffi from 'koffi';

export interface TopLevel {
  id: string;
  name: string;
  resName: string;
  resClass: string;
  viewable: boolean;
}

const XClassHint = koffi.struct('XClassHintEngine', { res_name: 'void *', res_class: 'void *' });
const XWindowAttributes = koffi.struct('XWindowAttributesEngine', {
  x: 'int', y: 'int', width: 'int', height: 'int', border_width: 'int', depth: 'int', visual: 'void *', root: 'ulong',
  class: 'int', bit_gravity: 'int', win_gravity: 'int', backing_store: 'int', backing_planes: 'ulong', backing_pixel: 'ulong',
  save_under: 'int', colormap: 'ulong', map_installed: 'int', map_state: 'int', all_event_masks: 'long', your_event_mask: 'long',
  do_not_propagate_mask: 'long', override_redirect: 'int', screen: 'void *',
});

export function topLevelWindows(): TopLevel[] {
  const x11 = koffi.load('libX11.so.6');
  const XOpenDisplay = x11.func('void *XOpenDisplay(const char *name)');
  const XDefaultRootWindow = x11.func('ulong XDefaultRootWindow(void *display)');
  const XQueryTree = x11.func('int XQueryTree(void *display, ulong w, _Out_ ulong *root, _Out_ ulong *parent, _Out_ void **children, _Out_ uint *count)');
  const XFetchName = x11.func('int XFetchName(void *display, ulong w, _Out_ void **name)');
  const XGetClassHint = x11.func('int XGetClassHint(void *display, ulong w, _Out_ XClassHintEngine *hint)');
  const XGetWindowAttributes = x11.func('int XGetWindowAttributes(void *display, ulong w, _Out_ XWindowAttributesEngine *attributes)');
  const XFree = x11.func('int XFree(void *data)');
  const XCloseDisplay = x11.func('int XCloseDisplay(void *display)');
  void XClassHint; void XWindowAttributes;
  const display = XOpenDisplay(null);
  if (!display) throw new Error(`cannot open display ${process.env.DISPLAY}`);
  const text = (p: unknown): string => {
    if (!p) return '';
    const s = koffi.decode(p, 'char', -1) as string;
    XFree(p);
    return s;
  };
  try {
    const root = [0], parent = [0], children: [unknown] = [null], count = [0];
    XQueryTree(display, XDefaultRootWindow(display), root, parent, children, count);
    const ids: (number | bigint)[] = count[0] ? Array.from(koffi.decode(children[0], koffi.array('ulong', count[0])) as ArrayLike<number | bigint>) : [];
    if (children[0]) XFree(children[0]);
    return ids.map((id) => {
      const name: [unknown] = [null];
      XFetchName(display, id, name);
      const hint = { res_name: null, res_class: null };
      XGetClassHint(display, id, hint);
      const attributes = { map_state: 0 } as { map_state: number };
      XGetWindowAttributes(display, id, attributes);
      return {
        id: `0x${BigInt(id).toString(16)}`,
        name: text(name[0]),
        resName: text(hint.res_name),
        resClass: text(hint.res_class),
        viewable: attributes.map_state === 2, // IsViewable
      };
    });
  } finally {
    XCloseDisplay(display);
  }
}

/** Where a top-level window is on the screen and how big, as the X server has it. */
export function windowGeometry(windowHex: string): { x: number; y: number; width: number; height: number } {
  const x11 = koffi.load('libX11.so.6');
  const XOpenDisplay = x11.func('void *XOpenDisplay(const char *name)');
  const XGetWindowAttributes = x11.func('int XGetWindowAttributes(void *display, ulong w, _Out_ XWindowAttributesEngine *attributes)');
  const XCloseDisplay = x11.func('int XCloseDisplay(void *display)');
  const display = XOpenDisplay(null);
  if (!display) throw new Error(`cannot open display ${process.env.DISPLAY}`);
  try {
    const a = { x: 0, y: 0, width: 0, height: 0 } as { x: number; y: number; width: number; height: number };
    XGetWindowAttributes(display, BigInt(windowHex), a);
    return { x: a.x, y: a.y, width: a.width, height: a.height };
  } finally {
    XCloseDisplay(display);
  }
}

/** Moves and sizes a window as a user's drag would end up doing, through the X server. */
export function moveResizeLikeUser(windowHex: string, x: number, y: number, width: number, height: number): void {
  const x11 = koffi.load('libX11.so.6');
  const XOpenDisplay = x11.func('void *XOpenDisplay(const char *name)');
  const XMoveResizeWindow = x11.func('int XMoveResizeWindow(void *display, ulong w, int x, int y, uint width, uint height)');
  const XFlush = x11.func('int XFlush(void *display)');
  const XCloseDisplay = x11.func('int XCloseDisplay(void *display)');
  const display = XOpenDisplay(null);
  if (!display) throw new Error(`cannot open display ${process.env.DISPLAY}`);
  try {
    XMoveResizeWindow(display, BigInt(windowHex), x, y, width, height);
    XFlush(display);
  } finally {
    XCloseDisplay(display);
  }
}
