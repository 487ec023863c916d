import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from './errors.ts';
import type { AppEnv } from './context.ts';

/**
 * Features subdesk never uses, denied to its pages and anything they might embed. Left at the
 * browser's default (this origin only): clipboard writes (Copy link) and passkeys
 * (publickey-credentials-get, for sign-in with a second factor).
 */
const DENIED_FEATURES = [
  'accelerometer',
  'ambientLightSensor',
  'autoplay',
  'battery',
  'bluetooth',
  'browsingTopics',
  'camera',
  'clipboardRead',
  'displayCapture',
  'encryptedMedia',
  'fullscreen',
  'gamepad',
  'geolocation',
  'gyroscope',
  'hid',
  'identityCredentialsGet',
  'idleDetection',
  'localFonts',
  'magnetometer',
  'microphone',
  'midi',
  'otpCredentials',
  'payment',
  'pictureInPicture',
  'screenWakeLock',
  'serial',
  'usb',
  'webShare',
  'xrSpatialTracking',
] as const;

/**
 * A strict CSP, nosniff, a referrer policy, the Permissions-Policy above, and HSTS of a year
 * (Hono's default is 180 days) only when PUBLIC_URL is https: over plain http the header means
 * nothing, and a deployment moving to https must not find a promise it did not make.
 */
export const securityHeaders = (opts: { https: boolean }) =>
  secureHeaders({
    strictTransportSecurity: opts.https ? 'max-age=31536000; includeSubDomains' : false,
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    permissionsPolicy: Object.fromEntries(DENIED_FEATURES.map((f) => [f, []])),
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // MUI (emotion) injects style elements at run time.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  });

/**
 * API answers carry customers' personal data and the audit log: no browser, proxy or shared cache
 * may keep them (a shared computer's back button, a corporate proxy). Set after the route, so
 * refusals and errors carry it too.
 */
export function noStore(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A state-changing request must come from subdesk's own pages and carry JSON (or no body):
 * cross-site forms and `text/plain` tricks are refused before any handler runs. Same-origin is
 * judged by Sec-Fetch-Site when the browser sends it, else by Origin against the Host header.
 */
export function writeGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site && site !== 'same-origin' && site !== 'none') {
      throw new AppError(403, 'This request did not come from subdesk itself and was refused.', {}, 'crossOrigin');
    }
    if (origin) {
      const host = c.req.header('host');
      let originHost: string | null = null;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = null;
      }
      // PUBLIC_URL's origin counts as our own too: behind a proxy that rewrites Host it is the only match.
      const ownOrigin = c.get('deps')?.config.publicUrl ? new URL(c.get('deps').config.publicUrl).origin : null;
      const sameHost = host !== undefined && originHost === host;
      if (!sameHost && origin !== ownOrigin) throw new AppError(403, 'This request did not come from subdesk itself and was refused.', {}, 'crossOrigin');
    }
    const length = Number(c.req.header('content-length') ?? '0');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody = length > 0 || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && type !== 'application/json') {
      throw new AppError(415, 'subdesk only accepts JSON (Content-Type: application/json).', { body: 'must be JSON' }, 'unsupportedMediaType');
    }
    return next();
  };
}
