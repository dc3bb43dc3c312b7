import type { Session, WebContents } from 'electron';
import type { Logger } from '../log.js';

/**
 * Electron hardening (DESIGN §9): no navigation away from our page, no window.open,
 * no permission grants, external links only to an allow-list, a strict CSP on every response.
 * Electron objects are injected, so this is unit-tested without the binary.
 */

export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Hosts that `shell.openExternal` may open (support and documentation pages). */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [];

export function isAllowedExternal(url: string, allow: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && allow.includes(u.host);
  } catch {
    return false;
  }
}

/** Our own page: the renderer's index.html loaded from the app folder. */
export function isOwnPage(url: string, rendererIndexUrl: string): boolean {
  try {
    const u = new URL(url);
    const own = new URL(rendererIndexUrl);
    return u.protocol === own.protocol && u.pathname === own.pathname;
  } catch {
    return false;
  }
}

export interface HardenOptions {
  webContents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
    webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
  };
  rendererIndexUrl: string;
  openExternal: (url: string) => Promise<void> | void;
  log: Logger;
  allowExternal?: readonly string[];
}

export function hardenWindow(opts: HardenOptions): void {
  const { webContents, session, log } = opts;
  webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, opts.rendererIndexUrl)) {
      event.preventDefault();
      log.warn('security.navigation-blocked', { url });
    }
  });
  webContents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, opts.rendererIndexUrl)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url, opts.allowExternal)) void opts.openExternal(url);
    else log.warn('security.window-open-blocked', { url });
    return { action: 'deny' };
  });
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    log.warn('security.permission-denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] },
    });
  });
}
