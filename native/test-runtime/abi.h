/* The WebView2 ABI the test runtime implements: IIDs and vtable slots as documented for the
 * WebView2 SDK (WebView2.h). Slots are absolute: 0 QueryInterface, 1 AddRef, 2 Release. */
#ifndef TEST_RUNTIME_ABI_H
#define TEST_RUNTIME_ABI_H
#include <windows.h>

#define TEST_RUNTIME_VERSION_A "130.0.2849.80"
#define TEST_RUNTIME_VERSION_W L"130.0.2849.80"

#define DEFINE_IID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  static const GUID name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}

DEFINE_IID(IID_Unknown, 0x00000000, 0x0000, 0x0000, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46);
DEFINE_IID(IID_Environment, 0xb96d755e, 0x0319, 0x4e92, 0xa2, 0x96, 0x23, 0x43, 0x6f, 0x46, 0xa1, 0xfc);
DEFINE_IID(IID_Controller, 0x4d00c0d1, 0x9434, 0x4eb6, 0x80, 0x78, 0x86, 0x97, 0xa5, 0x60, 0x33, 0x4f);
DEFINE_IID(IID_WebView, 0x76eceacb, 0x0462, 0x4d94, 0xac, 0x83, 0x42, 0x3a, 0x67, 0x93, 0x77, 0x5e);
DEFINE_IID(IID_WebView_2, 0x9e8f0cf8, 0xe670, 0x4b5e, 0xb2, 0xbc, 0x73, 0xe0, 0x61, 0xe3, 0x18, 0x4c);
DEFINE_IID(IID_CookieManager, 0x177cd9e7, 0xb6f5, 0x451a, 0x94, 0xa0, 0x5d, 0x7a, 0x3a, 0x4c, 0x41, 0x41);
DEFINE_IID(IID_CookieList, 0xf7f6f714, 0x5d2a, 0x43c6, 0x95, 0x03, 0x34, 0x6e, 0xce, 0x02, 0xd1, 0x86);
DEFINE_IID(IID_Cookie, 0xad26d6be, 0x1486, 0x43e6, 0xbf, 0x87, 0xa2, 0x03, 0x40, 0x06, 0xca, 0x21);
DEFINE_IID(IID_Environment2, 0x41f3632b, 0x5ef4, 0x404f, 0xad, 0x82, 0x2d, 0x60, 0x6c, 0x5a, 0x9a, 0x21);
DEFINE_IID(IID_Environment5, 0x319e423d, 0xe0d7, 0x4b8d, 0x92, 0x54, 0xae, 0x94, 0x75, 0xde, 0x9b, 0x17);
DEFINE_IID(IID_BrowserProcessExitedEventHandler, 0xfa504257, 0xa216, 0x4911, 0xa8, 0x60, 0xfe, 0x88, 0x25, 0x71, 0x28, 0x61);
DEFINE_IID(IID_EnvironmentCompletedHandler, 0x4e8a3389, 0xc9d8, 0x4bd2, 0xb6, 0xb5, 0x12, 0x4f, 0xee, 0x6c, 0xc1, 0x4d);
DEFINE_IID(IID_ControllerCompletedHandler, 0x6c4819f3, 0xc9b7, 0x4260, 0x81, 0x27, 0xc9, 0xf5, 0xbd, 0xe7, 0xf6, 0x8c);
DEFINE_IID(IID_GetCookiesCompletedHandler, 0x5a4f5069, 0x5c15, 0x47c3, 0x86, 0x46, 0xf4, 0xde, 0x1c, 0x11, 0x66, 0x70);
DEFINE_IID(IID_NavigationCompletedEventHandler, 0xd33a35bf, 0x1c49, 0x4f98, 0x93, 0xab, 0x00, 0x6e, 0x05, 0x33, 0xfe, 0x1c);
DEFINE_IID(IID_NavigationCompletedEventArgs, 0x30d68b7d, 0x20d9, 0x4752, 0xa9, 0xca, 0xec, 0x84, 0x48, 0xfb, 0xb5, 0xc1);
DEFINE_IID(IID_NavigationCompletedEventArgs2, 0xfdf8b738, 0xee1e, 0x4db2, 0xa3, 0x29, 0x8d, 0x7d, 0x7b, 0x74, 0xd7, 0x92);
DEFINE_IID(IID_DocumentTitleChangedEventHandler, 0xf5f2b923, 0x953e, 0x4042, 0x9f, 0x95, 0xf3, 0xa1, 0x18, 0xe1, 0xaf, 0xd4);
DEFINE_IID(IID_ProcessFailedEventHandler, 0x79e0aea4, 0x990b, 0x42d9, 0xaa, 0x1d, 0x0f, 0xcc, 0x2e, 0x5b, 0xc7, 0xf1);

/* Environment */
#define ENV_CREATE_CONTROLLER 3
#define ENV_GET_BROWSER_VERSION 5
/* ICoreWebView2Environment2..5 repeat the base slots first (processModel.c) */
#define ENV5_ADD_BROWSER_PROCESS_EXITED 12
#define ENV5_REMOVE_BROWSER_PROCESS_EXITED 13
#define ENV_SLOTS 14
/* Controller */
#define CTL_GET_IS_VISIBLE 3
#define CTL_PUT_IS_VISIBLE 4
#define CTL_GET_BOUNDS 5
#define CTL_PUT_BOUNDS 6
#define CTL_MOVE_FOCUS 12
#define CTL_ADD_ACCELERATOR_KEY_PRESSED 19
#define CTL_REMOVE_ACCELERATOR_KEY_PRESSED 20
#define CTL_CLOSE 24
#define CTL_GET_COREWEBVIEW2 25
#define CTL_SLOTS 26
/* ICoreWebView2 and ICoreWebView2_2 (one object) */
#define WV_GET_SOURCE 4
#define WV_NAVIGATE 5
#define WV_NAVIGATE_TO_STRING 6
#define WV_ADD_NAVIGATION_COMPLETED 15
#define WV_REMOVE_NAVIGATION_COMPLETED 16
#define WV_ADD_PROCESS_FAILED 25
#define WV_REMOVE_PROCESS_FAILED 26
#define WV_RELOAD 31
#define WV_GET_BROWSER_PROCESS_ID 37
#define WV_ADD_DOCUMENT_TITLE_CHANGED 46
#define WV_REMOVE_DOCUMENT_TITLE_CHANGED 47
#define WV_GET_DOCUMENT_TITLE 48
#define WV_GET_COOKIE_MANAGER 66
#define WV_GET_ENVIRONMENT 67
#define WV_SLOTS 110 /* through ICoreWebView2_14 */
/* Cookies */
#define CM_GET_COOKIES 5
#define CM_SLOTS 11
#define CL_GET_COUNT 3
#define CL_GET_VALUE_AT_INDEX 4
#define CL_SLOTS 5
#define CK_GET_NAME 3
#define CK_GET_VALUE 4
#define CK_GET_DOMAIN 6
#define CK_GET_PATH 7
#define CK_GET_EXPIRES 8
#define CK_GET_IS_HTTP_ONLY 10
#define CK_GET_SAME_SITE 12
#define CK_GET_IS_SECURE 14
#define CK_GET_IS_SESSION 16
#define CK_SLOTS 17
/* Event arguments */
#define NAV_GET_IS_SUCCESS 3
#define NAV_GET_WEB_ERROR_STATUS 4
#define NAV_GET_NAVIGATION_ID 5
#define NAV_GET_HTTP_STATUS_CODE 6 /* ICoreWebView2NavigationCompletedEventArgs2 */
#define NAV_SLOTS 7
#define PF_GET_KIND 3
#define PF_SLOTS 4
#define BEA_GET_KIND 3 /* ICoreWebView2BrowserProcessExitedEventArgs */
#define BEA_GET_PID 4
#define BEA_SLOTS 5
/* Handlers */
#define HANDLER_INVOKE 3

#define WEB_ERROR_STATUS_HOST_NAME_NOT_RESOLVED 13
#define PROCESS_FAILED_KIND_RENDER_PROCESS_EXITED 1

/* Cookie edits (cookieEdits.c) */
#define CM_CREATE_COOKIE 3
#define CM_ADD_OR_UPDATE_COOKIE 6
#define CM_DELETE_COOKIE 7
#define CM_DELETE_COOKIES 8
#define CM_DELETE_COOKIES_WITH_DOMAIN_AND_PATH 9
#define CM_DELETE_ALL_COOKIES 10
#define CK_PUT_VALUE 5
#define CK_PUT_EXPIRES 9
#define CK_PUT_IS_HTTP_ONLY 11
#define CK_PUT_SAME_SITE 13
#define CK_PUT_IS_SECURE 15

/* Server certificate errors (certificates.c): ICoreWebView2_14 */
DEFINE_IID(IID_WebView_14, 0x6daa4f10, 0x4a90, 0x4753, 0x88, 0x98, 0x77, 0xc5, 0xdf, 0x53, 0x41, 0x65);
DEFINE_IID(IID_ServerCertificateErrorDetectedEventHandler, 0x969b3a26, 0xd85e, 0x4795, 0x81, 0x99, 0xfe, 0xf5, 0x73, 0x44, 0xda, 0x22);
DEFINE_IID(IID_ServerCertificateErrorDetectedEventArgs, 0x012193ed, 0x7c13, 0x48ff, 0x96, 0x9d, 0xa8, 0x4c, 0x1f, 0x43, 0x2a, 0x14);
#define WV14_ADD_SERVER_CERTIFICATE_ERROR_DETECTED 106
#define WV14_REMOVE_SERVER_CERTIFICATE_ERROR_DETECTED 107
#define WV14_CLEAR_SERVER_CERTIFICATE_ERROR_ACTIONS 108
#define SCE_GET_ERROR_STATUS 3
#define SCE_GET_REQUEST_URI 4
#define SCE_GET_SERVER_CERTIFICATE 5
#define SCE_GET_ACTION 6
#define SCE_PUT_ACTION 7
#define SCE_GET_DEFERRAL 8
#define SCE_SLOTS 9
#define SERVER_CERTIFICATE_ERROR_ACTION_ALWAYS_ALLOW 0
#define SERVER_CERTIFICATE_ERROR_ACTION_CANCEL 1
#define SERVER_CERTIFICATE_ERROR_ACTION_DEFAULT 2
#define WEB_ERROR_STATUS_CERTIFICATE_COMMON_NAME_IS_INCORRECT 1
#define WEB_ERROR_STATUS_CERTIFICATE_EXPIRED 2
#define WEB_ERROR_STATUS_CERTIFICATE_IS_INVALID 5
#define WEB_ERROR_STATUS_CANNOT_CONNECT 12
#define WEB_ERROR_STATUS_OPERATION_CANCELED 14

/* Keys (keys.c) */
DEFINE_IID(IID_AcceleratorKeyPressedEventHandler, 0xb29c7e28, 0xfa79, 0x41a8, 0x8e, 0x44, 0x65, 0x81, 0x1c, 0x76, 0xdc, 0xb2);
DEFINE_IID(IID_AcceleratorKeyPressedEventArgs, 0x9f760f8a, 0xfb79, 0x42be, 0x99, 0x90, 0x7b, 0x56, 0x90, 0x0f, 0xa9, 0xc7);
#define AKA_GET_KEY_EVENT_KIND 3
#define AKA_GET_VIRTUAL_KEY 4
#define AKA_GET_KEY_EVENT_LPARAM 5
#define AKA_GET_PHYSICAL_KEY_STATUS 6
#define AKA_GET_HANDLED 7
#define AKA_PUT_HANDLED 8
#define AKA_SLOTS 9
#define KEY_EVENT_KIND_KEY_DOWN 0
#define KEY_EVENT_KIND_KEY_UP 1
#define KEY_EVENT_KIND_SYSTEM_KEY_DOWN 2
#define KEY_EVENT_KIND_SYSTEM_KEY_UP 3

/* Popups (newWindow.c): NewWindowRequested with its deferral and window features, WindowCloseRequested */
DEFINE_IID(IID_NewWindowRequestedEventHandler, 0xd4c185fe, 0xc81c, 0x4989, 0x97, 0xaf, 0x2d, 0x3f, 0xa7, 0xab, 0x56, 0x51);
DEFINE_IID(IID_NewWindowRequestedEventArgs, 0x34acb11c, 0xfc37, 0x4418, 0x91, 0x32, 0xf9, 0xc2, 0x1d, 0x1e, 0xaf, 0xb9);
DEFINE_IID(IID_WindowFeatures, 0x5eaf559f, 0xb46e, 0x4397, 0x88, 0x60, 0xe4, 0x22, 0xf2, 0x87, 0xff, 0x1e);
DEFINE_IID(IID_Deferral, 0xc10e7f7b, 0xb585, 0x46f0, 0xa6, 0x23, 0x8b, 0xef, 0xbf, 0x3e, 0x4e, 0xe0);
DEFINE_IID(IID_WindowCloseRequestedEventHandler, 0x5c19e9e0, 0x092f, 0x486b, 0xaf, 0xfa, 0xca, 0x82, 0x31, 0x91, 0x30, 0x39);
#define WV_ADD_NEW_WINDOW_REQUESTED 44
#define WV_REMOVE_NEW_WINDOW_REQUESTED 45
#define WV_ADD_WINDOW_CLOSE_REQUESTED 59
#define WV_REMOVE_WINDOW_CLOSE_REQUESTED 60
#define NWA_GET_URI 3
#define NWA_PUT_NEW_WINDOW 4
#define NWA_GET_NEW_WINDOW 5
#define NWA_PUT_HANDLED 6
#define NWA_GET_HANDLED 7
#define NWA_GET_IS_USER_INITIATED 8
#define NWA_GET_DEFERRAL 9
#define NWA_GET_WINDOW_FEATURES 10
#define NWA_SLOTS 11
#define WF_GET_HAS_POSITION 3
#define WF_GET_HAS_SIZE 4
#define WF_GET_LEFT 5
#define WF_GET_TOP 6
#define WF_GET_HEIGHT 7
#define WF_GET_WIDTH 8
#define WF_SLOTS 13
#define DEF_COMPLETE 3
#define DEF_SLOTS 4

/* Environment options the host implements (environmentOptions.c) */
DEFINE_IID(IID_EnvironmentOptions, 0x2fde08a8, 0x1e9a, 0x4766, 0x8c, 0x05, 0x95, 0xa9, 0xce, 0xb9, 0xd1, 0xc5);
#define EO_GET_ADDITIONAL_BROWSER_ARGUMENTS 3
#define EO_GET_LANGUAGE 5
#define EO_GET_TARGET_COMPATIBLE_BROWSER_VERSION 7
#define EO_GET_ALLOW_SSO 9

/* Navigation events (navigationEvents.c) */
DEFINE_IID(IID_NavigationStartingEventHandler, 0x9adbe429, 0xf36d, 0x432b, 0x9d, 0xdc, 0xf8, 0x88, 0x1f, 0xbd, 0x76, 0xe3);
DEFINE_IID(IID_NavigationStartingEventArgs, 0x5b495469, 0xe119, 0x438a, 0x9b, 0x18, 0x76, 0x04, 0xf2, 0x5f, 0x2e, 0x49);
DEFINE_IID(IID_WebResourceRequestedEventHandler, 0xab00b74c, 0x15f1, 0x4646, 0x80, 0xe8, 0xe7, 0x63, 0x41, 0xd2, 0x5d, 0x71);
DEFINE_IID(IID_WebResourceRequestedEventArgs, 0x453e667f, 0x12c7, 0x49d4, 0xbe, 0x6d, 0xdd, 0xbe, 0x79, 0x56, 0xf5, 0x7a);
DEFINE_IID(IID_WebResourceRequest, 0x97055cd4, 0x512c, 0x4264, 0x8b, 0x5f, 0xe3, 0xf4, 0x46, 0xce, 0xa6, 0xa5);
DEFINE_IID(IID_WebResourceResponse, 0xaafcc94f, 0xfa27, 0x48fd, 0x97, 0xdf, 0x83, 0x0e, 0xf7, 0x5a, 0xae, 0xc9);
#define WV_ADD_NAVIGATION_STARTING 7
#define WV_REMOVE_NAVIGATION_STARTING 8
#define WV_ADD_WEB_RESOURCE_REQUESTED 55
#define WV_REMOVE_WEB_RESOURCE_REQUESTED 56
#define WV_ADD_WEB_RESOURCE_REQUESTED_FILTER 57
#define WV_REMOVE_WEB_RESOURCE_REQUESTED_FILTER 58
#define ENV_CREATE_WEB_RESOURCE_RESPONSE 4
#define NSA_GET_URI 3
#define NSA_GET_IS_USER_INITIATED 4
#define NSA_GET_IS_REDIRECTED 5
#define NSA_GET_CANCEL 7
#define NSA_PUT_CANCEL 8
#define NSA_GET_NAVIGATION_ID 9
#define NSA_SLOTS 10
#define WRA_GET_REQUEST 3
#define WRA_GET_RESPONSE 4
#define WRA_PUT_RESPONSE 5
#define WRA_GET_RESOURCE_CONTEXT 7
#define WRA_SLOTS 8
#define WRQ_GET_URI 3
#define WRQ_GET_METHOD 5
#define WRQ_SLOTS 10
#define WRS_GET_STATUS_CODE 6
#define WRS_GET_REASON_PHRASE 8
#define WRS_SLOTS 10
#define WEB_RESOURCE_CONTEXT_ALL 0
#define WEB_RESOURCE_CONTEXT_DOCUMENT 1
#define WEB_RESOURCE_CONTEXT_OTHER 16
/* IStream */
#define STREAM_READ 3

#endif
