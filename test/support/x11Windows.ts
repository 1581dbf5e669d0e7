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

/**
 * libX11's calls, loaded once, with an error handler that ignores errors: a window may vanish
 * between listing and asking about it (BadWindow), and Xlib's default handler would end the
 * whole test process for that.
 */
export function x11() {
  if (lib) return lib;
  const so = koffi.load('libX11.so.6');
  const XErrorHandler = koffi.proto('int XErrorHandlerEngine(void *display, void *event)');
  const XSetErrorHandler = so.func('void *XSetErrorHandler(XErrorHandlerEngine *handler)');
  ignoreErrors = koffi.register(() => 0, koffi.pointer(XErrorHandler));
  XSetErrorHandler(ignoreErrors);
  lib = {
    XOpenDisplay: so.func('void *XOpenDisplay(const char *name)'),
    XDefaultRootWindow: so.func('ulong XDefaultRootWindow(void *display)'),
    XQueryTree: so.func('int XQueryTree(void *display, ulong w, _Out_ ulong *root, _Out_ ulong *parent, _Out_ void **children, _Out_ uint *count)'),
    XFetchName: so.func('int XFetchName(void *display, ulong w, _Out_ void **name)'),
    XGetClassHint: so.func('int XGetClassHint(void *display, ulong w, _Out_ XClassHintEngine *hint)'),
    XGetWindowAttributes: so.func('int XGetWindowAttributes(void *display, ulong w, _Out_ XWindowAttributesEngine *attributes)'),
    XMoveResizeWindow: so.func('int XMoveResizeWindow(void *display, ulong w, int x, int y, uint width, uint height)'),
    XFlush: so.func('int XFlush(void *display)'),
    XFree: so.func('int XFree(void *data)'),
    XCloseDisplay: so.func('int XCloseDisplay(void *display)'),
  };
  return lib;
}
let lib: undefined | Record<'XOpenDisplay' | 'XDefaultRootWindow' | 'XQueryTree' | 'XFetchName' | 'XGetClassHint' | 'XGetWindowAttributes' | 'XMoveResizeWindow' | 'XFlush' | 'XFree' | 'XCloseDisplay', ReturnType<koffi.LibraryHandle['func']>>;
/** Kept alive for as long as Xlib may call it. */
let ignoreErrors: ReturnType<typeof koffi.register> | undefined;

/** An open display for the length of `use`. */
function withDisplay<T>(use: (display: unknown, x: NonNullable<typeof lib>) => T): T {
  const x = x11();
  const display = x.XOpenDisplay(null);
  if (!display) throw new Error(`cannot open display ${process.env.DISPLAY}`);
  try {
    return use(display, x);
  } finally {
    x.XCloseDisplay(display);
  }
}

export function topLevelWindows(): TopLevel[] {
  void XClassHint; void XWindowAttributes;
  return withDisplay((display, x) => {
    const text = (p: unknown): string => {
      if (!p) return '';
      const s = koffi.decode(p, 'char', -1) as string;
      x.XFree(p);
      return s;
    };
    const root = [0], parent = [0], children: [unknown] = [null], count = [0];
    x.XQueryTree(display, x.XDefaultRootWindow(display), root, parent, children, count);
    const ids: (number | bigint)[] = count[0] ? Array.from(koffi.decode(children[0], koffi.array('ulong', count[0])) as ArrayLike<number | bigint>) : [];
    if (children[0]) x.XFree(children[0]);
    return ids.map((id) => {
      const name: [unknown] = [null];
      x.XFetchName(display, id, name);
      const hint = { res_name: null, res_class: null };
      x.XGetClassHint(display, id, hint);
      const attributes = { map_state: 0 } as { map_state: number };
      const known = x.XGetWindowAttributes(display, id, attributes) !== 0;
      return {
        id: `0x${BigInt(id).toString(16)}`,
        name: text(name[0]),
        resName: text(hint.res_name),
        resClass: text(hint.res_class),
        viewable: known && attributes.map_state === 2, // IsViewable; a window gone meanwhile is not
      };
    });
  });
}

/** Where a top-level window is on the screen and how big, as the X server has it. */
export function windowGeometry(windowHex: string): { x: number; y: number; width: number; height: number } {
  return withDisplay((display, x) => {
    const a = { x: 0, y: 0, width: 0, height: 0 } as { x: number; y: number; width: number; height: number };
    if (!x.XGetWindowAttributes(display, BigInt(windowHex), a)) throw new Error(`no X window ${windowHex}`);
    return { x: a.x, y: a.y, width: a.width, height: a.height };
  });
}

/** Moves and sizes a window as a user's drag would end up doing, through the X server. */
export function moveResizeLikeUser(windowHex: string, left: number, top: number, width: number, height: number): void {
  withDisplay((display, x) => {
    x.XMoveResizeWindow(display, BigInt(windowHex), left, top, width, height);
    x.XFlush(display);
  });
}
