/**
 * The Content-Security-Policy of the page: its own scripts and styles only (no
 * inline code, so an injected `<img onerror>` could not run even if chat were
 * ever rendered as HTML), and network access to the game's WebSocket API only.
 */
export const contentSecurityPolicy = (websocketUrl: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "manifest-src 'self'",
    `connect-src ${new URL(websocketUrl).origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/**
 * What the page never uses, refused to it and to anything injected into it: the camera, the microphone,
 * where the player is, payments, USB, sensors, and joining Google's ad cohorts.
 */
export const PERMISSIONS_POLICY = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'accelerometer', 'gyroscope', 'magnetometer', 'interest-cohort']
  .map((feature) => `${feature}=()`)
  .join(', ');

/** Headers on every response of the page function, errors included. */
export const securityHeaders = (websocketUrl: string): Record<string, string> => ({
  'content-security-policy': contentSecurityPolicy(websocketUrl),
  // Once a browser has seen the page over HTTPS, it never loads it (or the game's link) over plain HTTP for a year.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'permissions-policy': PERMISSIONS_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
});
