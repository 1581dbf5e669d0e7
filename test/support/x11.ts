// Acting as a window manager would: ask a window to close with WM_DELETE_WINDOW (a ClientMessage
// of WM_PROTOCOLS), the message a user's click on the close button becomes.
import * as koffi from 'koffi';
import { x11 as loadX11 } from './x11Windows';

const XClientMessageEvent = koffi.struct('XClientMessageEvent', {
  type: 'int',
  serial: 'ulong',
  send_event: 'int',
  display: 'void *',
  window: 'ulong',
  message_type: 'ulong',
  format: 'int',
  data: koffi.array('long', 5),
});
// XEvent is a union padded to 24 longs; the struct above must fit inside it.
const XEvent = koffi.union('XEvent', { xclient: XClientMessageEvent, pad: koffi.array('long', 24) });

export function closeLikeWindowManager(windowHex: string): void {
  loadX11(); // its error handler: a window that closed meanwhile must not end the test process
  const x11 = koffi.load('libX11.so.6');
  const XOpenDisplay = x11.func('void *XOpenDisplay(const char *name)');
  const XInternAtom = x11.func('ulong XInternAtom(void *display, const char *name, int onlyIfExists)');
  const XSendEvent = x11.func('XSendEvent', 'int', ['void *', 'ulong', 'int', 'long', koffi.pointer(XEvent)]);
  const XFlush = x11.func('int XFlush(void *display)');
  const XCloseDisplay = x11.func('int XCloseDisplay(void *display)');
  const display = XOpenDisplay(null);
  if (!display) throw new Error(`cannot open display ${process.env.DISPLAY}`);
  try {
    const window = BigInt(windowHex);
    const event = {
      xclient: {
        type: 33, // ClientMessage
        serial: 0,
        send_event: 1,
        display,
        window,
        message_type: XInternAtom(display, 'WM_PROTOCOLS', 0),
        format: 32,
        data: [XInternAtom(display, 'WM_DELETE_WINDOW', 0), 0, 0, 0, 0], // CurrentTime
      },
    };
    if (!XSendEvent(display, window, 0, 0, event)) throw new Error('XSendEvent failed');
    XFlush(display);
  } finally {
    XCloseDisplay(display);
  }
}
