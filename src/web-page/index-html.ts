/** Where `web/index.html` wants the WebSocket URL: the content of `<meta name="arena-websocket-url">`. */
export const WEBSOCKET_URL_PLACEHOLDER = '%WEBSOCKET_URL%';

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The page with the WebSocket URL of this deployment put in. A meta tag rather
 * than an inline script, because the CSP allows no inline script.
 */
export const renderIndex = (template: string, websocketUrl: string): string => {
  if (!template.includes(WEBSOCKET_URL_PLACEHOLDER)) throw new Error(`index.html has no ${WEBSOCKET_URL_PLACEHOLDER} placeholder: was it built from web/index.html?`);
  return template.replaceAll(WEBSOCKET_URL_PLACEHOLDER, escapeAttribute(websocketUrl));
};
