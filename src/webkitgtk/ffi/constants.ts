// The enumeration values and property names the Linux engine passes to WebKitGTK and GTK.

/** WebKitLoadEvent: WEBKIT_LOAD_FINISHED. */
export const LOAD_FINISHED = 3;
/** WebKitCookiePersistentStorage: SQLITE. */
export const COOKIE_STORAGE_SQLITE = 1;
/** WebKitSnapshotRegion VISIBLE and WebKitSnapshotOptions NONE. */
export const SNAPSHOT_REGION_VISIBLE = 0;
export const SNAPSHOT_REGION_FULL_DOCUMENT = 1;
export const SNAPSHOT_OPTIONS_NONE = 0;
/** WebKitWebsiteDataTypes: COOKIES. */
export const WEBSITE_DATA_COOKIES = 1 << 8;
/** WebKitTLSErrorsPolicy: FAIL. */
export const TLS_ERRORS_POLICY_FAIL = 1;
/** WebKitNetworkProxyMode: CUSTOM. */
export const NETWORK_PROXY_MODE_CUSTOM = 2;
/** WebKitUserContentInjectedFrames ALL_FRAMES and TOP_FRAME, and WebKitUserScriptInjectionTime START. */
export const USER_CONTENT_INJECT_ALL_FRAMES = 0;
export const USER_CONTENT_INJECT_TOP_FRAME = 1;
/** SoupMessageHeadersType RESPONSE. */
export const SOUP_MESSAGE_HEADERS_RESPONSE = 1;
export const USER_SCRIPT_INJECT_AT_DOCUMENT_START = 0;
/** GTK_PRINT_SETTINGS_OUTPUT_URI and _OUTPUT_FILE_FORMAT, and the file backend's printer name. */
export const OUTPUT_URI = 'output-uri';
export const OUTPUT_FILE_FORMAT = 'output-file-format';
export const PRINT_TO_FILE = 'Print to File';
/** WebKitPolicyDecisionType NAVIGATION_ACTION and WebKitNavigationType LINK_CLICKED. */
export const POLICY_DECISION_NAVIGATION_ACTION = 0;
export const NAVIGATION_TYPE_LINK_CLICKED = 0;
