import type { App, Session, WebContents } from 'electron';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { contentTypeOf, rendererCsp } from '../renderer-assets.js';
import { resolveSlide } from '../display/slides.js';

/**
 * Electron hardening (docs/ARCHITECTURE.md §10), all in one place:
 *  - the renderer is served from our own privileged scheme (`counterpay://app/`) instead of
 *    file://, so it has a real origin, gets a CSP *header* (file:// responses carry no headers)
 *    and cannot read arbitrary files; the `grantFileProtocolExtraPrivileges` fuse is off;
 *  - no navigation away from our page, no `window.open` (allow-listed https links go to the
 *    system browser), no `<webview>`, no frames navigating elsewhere;
 *  - every permission request and check denied (camera, notifications, HID/USB/serial devices,
 *    screen capture…): scanners are read in main with node-hid, never through WebHID;
 *  - IPC accepted only from the top frame of our own page;
 *  - secure webPreferences for every window.
 * Electron objects are injected (typed with `Pick<>` of the real types), so everything here is
 * unit-tested with plain mock objects and without the Electron binary.
 */

export const APP_SCHEME = 'counterpay';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const RENDERER_INDEX_URL = `${APP_ORIGIN}/index.html`;

export const RENDERER_CSP = rendererCsp();

/** The scheme registration to pass to `protocol.registerSchemesAsPrivileged` before `ready`. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/** webPreferences for every window we create. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  } as const;
}

/** Hosts that `shell.openExternal` may open (support and documentation pages), https only. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [];

export function isAllowedExternal(url: string, allow: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && allow.includes(u.host);
  } catch {
    return false;
  }
}

/** Open `url` in the system browser only when it is on the allow-list. Returns whether it was opened. */
export async function openExternalSafely(
  url: string,
  openExternal: (url: string) => Promise<void> | void,
  log: Pick<Logger, 'warn'>,
  allow: readonly string[] = EXTERNAL_ALLOW_LIST,
): Promise<boolean> {
  if (!isAllowedExternal(url, allow)) {
    log.warn('security.open-external-blocked', { url: url.slice(0, 200) });
    return false;
  }
  await openExternal(url);
  return true;
}

/** Our own page: the renderer's index page (same scheme, host and path; query and fragment ignored). */
export function isOwnPage(url: string, rendererIndexUrl: string = RENDERER_INDEX_URL): boolean {
  try {
    const u = new URL(url);
    const own = new URL(rendererIndexUrl);
    return u.protocol === own.protocol && u.host === own.host && u.pathname === own.pathname;
  } catch {
    return false;
  }
}

/** Any resource of the app (the page, its scripts, styles and assets). */
export function isAppUrl(url: string, rendererIndexUrl: string = RENDERER_INDEX_URL): boolean {
  try {
    const u = new URL(url);
    const own = new URL(rendererIndexUrl);
    return u.protocol === own.protocol && u.host === own.host;
  } catch {
    return false;
  }
}

/** The parts of an IPC event the sender check reads. */
export interface IpcSenderLike {
  senderFrame: { url: string; parent: unknown } | null | undefined;
}

/**
 * True only for the top frame (no parent) of our own page: a null frame (navigated away or
 * destroyed), a sub-frame, or any other URL is refused.
 */
export function isTrustedIpcSender(event: IpcSenderLike, rendererIndexUrl: string = RENDERER_INDEX_URL): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isOwnPage(frame.url, rendererIndexUrl);
}

// ---------------------------------------------------------------------------------------------
// web contents and session
// ---------------------------------------------------------------------------------------------

/** The parts of a web contents the hardening touches (a real WebContents, or a test double). */
export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export interface HardenOptions {
  rendererIndexUrl?: string;
  openExternal: (url: string) => Promise<void> | void;
  log: Pick<Logger, 'warn'>;
  allowExternal?: readonly string[];
}

/** Navigation, redirects, sub-frames, webviews and window.open of one web contents. */
export function hardenWebContents(contents: WebContentsLike, opts: HardenOptions): void {
  const index = opts.rendererIndexUrl ?? RENDERER_INDEX_URL;
  const { log } = opts;
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, index)) {
      event.preventDefault();
      log.warn('security.navigation-blocked', { url: url.slice(0, 200) });
      // A plain link to an allow-listed page opens in the system browser instead.
      if (isAllowedExternal(url, opts.allowExternal)) void opts.openExternal(url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame ? !isOwnPage(event.url, index) : true) {
      event.preventDefault();
      if (!event.isMainFrame) log.warn('security.frame-navigation-blocked', { url: event.url.slice(0, 200) });
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, index)) {
      event.preventDefault();
      log.warn('security.redirect-blocked', { url: url.slice(0, 200) });
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('security.webview-blocked', {});
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url, opts.allowExternal)) void opts.openExternal(url);
    else log.warn('security.window-open-blocked', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
}

export type SessionLike = Pick<
  Session,
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  | 'setDisplayMediaRequestHandler'
> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** Deny every permission and device, and put the CSP on every response of our scheme. */
export function hardenSession(
  session: SessionLike,
  opts: { log: Pick<Logger, 'warn'>; rendererIndexUrl?: string },
): void {
  const { log } = opts;
  const index = opts.rendererIndexUrl ?? RENDERER_INDEX_URL;
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    log.warn('security.permission-denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => {
    log.warn('security.display-media-denied', {});
    callback(null);
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    // Our protocol handler already sends the header; this also covers any web response (nothing
    // should load one: connect-src is 'self'). Internal schemes (devtools:, chrome:) are left alone.
    const app = isAppUrl(details.url, index);
    if (!app && !/^https?:/i.test(details.url)) {
      callback({});
      return;
    }
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [app ? RENDERER_CSP : "default-src 'none'"];
    callback({ responseHeaders: headers });
  });
}

/** Every web contents the app ever creates gets `hardenWebContents` (windows, devtools, popups). */
export function hardenApp(app: Pick<App, 'on'>, opts: HardenOptions): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, opts);
  });
}

// ---------------------------------------------------------------------------------------------
// the app:// protocol
// ---------------------------------------------------------------------------------------------

export interface AppProtocolOptions {
  /** Folder of the built renderer (dist/renderer). */
  rootDir: string;
  csp?: string;
  readFile?: (file: string) => Promise<Uint8Array>;
  log?: Pick<Logger, 'warn'>;
  /** The customer display's slideshow folder (config display.slidesDir): images at /slides/<name>. */
  slidesDir?: () => string | null;
}

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': "default-src 'none'" },
  });
}

/**
 * The handler for `protocol.handle('counterpay', …)`: serves files of the built renderer only.
 * Refuses other hosts, other methods and any path that leaves `rootDir`; extension-less paths
 * fall back to index.html (single-page app).
 */
export function createAppProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(opts.rootDir);
  const readFile = opts.readFile ?? ((f: string) => fs.readFile(f));
  const csp = opts.csp ?? RENDERER_CSP;
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, 'bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return textResponse(404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return textResponse(400, 'bad path');
    }
    if (rel.includes('\0')) return textResponse(400, 'bad path');
    if (rel.startsWith('/slides/')) {
      // Slideshow images: from the configured folder only (main/display/slides.ts), read-only.
      const slide = resolveSlide(opts.slidesDir?.() ?? null, rel.slice('/slides/'.length));
      if (!slide) return textResponse(404, 'not found');
      const image = await readFile(slide.file);
      return new Response(request.method === 'HEAD' ? null : (image as BodyInit), {
        status: 200,
        headers: {
          'content-type': slide.contentType,
          'content-security-policy': "default-src 'none'",
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
        },
      });
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, '.' + rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      opts.log?.warn('security.protocol-path-refused', { path: rel.slice(0, 200) });
      return textResponse(403, 'forbidden');
    }
    let target = file;
    let body: Uint8Array;
    try {
      body = await readFile(target);
    } catch {
      if (path.extname(rel) !== '' && rel !== '/index.html') return textResponse(404, 'not found');
      target = path.join(root, 'index.html');
      try {
        body = await readFile(target);
      } catch {
        return textResponse(503, 'The renderer is not built (dist/renderer/index.html is missing).');
      }
    }
    const headers = {
      'content-type': contentTypeOf(path.extname(target)),
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : (body as BodyInit), { status: 200, headers });
  };
}
