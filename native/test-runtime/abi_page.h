/* The part of the WebView2 ABI that page features use (history, DevTools protocol, DevTools
 * window, CapturePreview, zoom, settings), as documented for the WebView2 SDK (WebView2.h).
 * Slots are absolute: 0 QueryInterface, 1 AddRef, 2 Release. */
#ifndef TEST_RUNTIME_ABI_PAGE_H
#define TEST_RUNTIME_ABI_PAGE_H
#include "abi.h"

DEFINE_IID(IID_Settings, 0xe562e4f0, 0xd7fa, 0x43ac, 0x8d, 0x71, 0xc0, 0x51, 0x50, 0x49, 0x9f, 0x00);
DEFINE_IID(IID_CallDevToolsProtocolMethodCompletedHandler, 0x5c4889f0, 0x5ef6, 0x4c5a, 0x95, 0x2c, 0xd8, 0xf1, 0xb9, 0x2d, 0x05, 0x74);
DEFINE_IID(IID_DevToolsProtocolEventReceiver, 0xb32ca51a, 0x8371, 0x45e9, 0x93, 0x17, 0xaf, 0x02, 0x1d, 0x08, 0x03, 0x67);
DEFINE_IID(IID_DevToolsProtocolEventReceivedEventHandler, 0xe2fda4be, 0x5456, 0x406c, 0xa2, 0x61, 0x3d, 0x45, 0x21, 0x38, 0x36, 0x2c);
DEFINE_IID(IID_DevToolsProtocolEventReceivedEventArgs, 0x653c2959, 0xbb3a, 0x4377, 0x86, 0x32, 0xb5, 0x8a, 0xda, 0x4e, 0x66, 0xc4);
DEFINE_IID(IID_CapturePreviewCompletedHandler, 0x697e05e9, 0x3d8f, 0x45fa, 0x96, 0xf4, 0x8f, 0xfe, 0x1e, 0xde, 0xda, 0xf5);

/* ICoreWebView2 */
#define WV_GET_SETTINGS 3
#define WV_CAPTURE_PREVIEW 30
#define WV_CALL_DEVTOOLS_PROTOCOL_METHOD 36
#define WV_GET_CAN_GO_BACK 38
#define WV_GET_CAN_GO_FORWARD 39
#define WV_GO_BACK 40
#define WV_GO_FORWARD 41
#define WV_GET_DEVTOOLS_PROTOCOL_EVENT_RECEIVER 42
#define WV_STOP 43
#define WV_OPEN_DEVTOOLS_WINDOW 51
/* ICoreWebView2Controller */
#define CTL_GET_ZOOM_FACTOR 7
#define CTL_PUT_ZOOM_FACTOR 8
/* ICoreWebView2Settings */
#define SET_GET_IS_SCRIPT_ENABLED 3
#define SET_GET_ARE_DEVTOOLS_ENABLED 11
#define SET_PUT_ARE_DEVTOOLS_ENABLED 12
#define SET_SLOTS 21
/* ICoreWebView2DevToolsProtocolEventReceiver and its event arguments */
#define RCV_ADD_EVENT_RECEIVED 3
#define RCV_REMOVE_EVENT_RECEIVED 4
#define RCV_SLOTS 5
#define DTA_GET_PARAMETER_OBJECT_AS_JSON 3
#define DTA_SLOTS 4

#define CAPTURE_FORMAT_PNG 0
#define CAPTURE_FORMAT_JPEG 1
#define WEB_ERROR_STATUS_UNKNOWN 0
#define WEB_ERROR_STATUS_OPERATION_CANCELED 14

#endif
