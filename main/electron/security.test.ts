import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  hardenApp,
  hardenSession,
  hardenWebContents,
  isAllowedExternal,
  isAppUrl,
  isOwnPage,
  isTrustedIpcSender,
  openExternalSafely,
  RENDERER_CSP,
  RENDERER_INDEX_URL,
  secureWebPreferences,
} from './security.js';

/**
 * Electron is never imported here (the boundary checker fails the build if a test does):
 * web contents, sessions and the app are plain objects recording what the module registers.
 */

type Listener = (...args: unknown[]) => unknown;

function fakeWebContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on(name: string, fn: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), fn]);
      return this;
    },
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      openHandler = fn;
    },
    /** Fire an event whose first argument is a preventable event; returns whether it was prevented. */
    fire(name: string, ...rest: unknown[]): boolean {
      let prevented = false;
      const event = { preventDefault: () => (prevented = true) };
      for (const fn of listeners.get(name) ?? []) fn(event, ...rest);
      return prevented;
    },
    fireFrame(url: string, isMainFrame: boolean): boolean {
      let prevented = false;
      const details = { url, isMainFrame, preventDefault: () => (prevented = true) };
      for (const fn of listeners.get('will-frame-navigate') ?? []) fn(details);
      return prevented;
    },
    open(url: string) {
      if (!openHandler) throw new Error('no window open handler');
      return openHandler({ url });
    },
    events: () => [...listeners.keys()],
  };
}

function fakeLog() {
  return { warn: vi.fn() };
}

describe('page identity', () => {
  it('recognises our page on the app scheme and nothing else', () => {
    expect(isOwnPage(RENDERER_INDEX_URL)).toBe(true);
    expect(isOwnPage(`${RENDERER_INDEX_URL}#/setup`)).toBe(true);
    expect(isOwnPage(`${RENDERER_INDEX_URL}?x=1`)).toBe(true);
    expect(isOwnPage('counterpay://evil/index.html')).toBe(false);
    expect(isOwnPage('counterpay://app/other.html')).toBe(false);
    expect(isOwnPage('file:///opt/Counterpay/resources/app.asar/dist/renderer/index.html')).toBe(false);
    expect(isOwnPage('https://app/index.html')).toBe(false);
    expect(isOwnPage('not a url')).toBe(false);
    expect(isAppUrl('counterpay://app/assets/index-abc.js')).toBe(true);
    expect(isAppUrl('counterpay://other/assets/index-abc.js')).toBe(false);
  });

  it('allows external links only to https hosts on the allow-list', () => {
    const allow = ['support.counterpay.cn'];
    expect(isAllowedExternal('https://support.counterpay.cn/faq', allow)).toBe(true);
    expect(isAllowedExternal('http://support.counterpay.cn/faq', allow)).toBe(false);
    expect(isAllowedExternal('https://support.counterpay.cn.evil.com/', allow)).toBe(false);
    expect(isAllowedExternal('https://user:pw@support.counterpay.cn/', allow)).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd', allow)).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)', allow)).toBe(false);
    expect(isAllowedExternal('https://support.counterpay.cn/')).toBe(false); // default list is empty
  });

  it('openExternalSafely opens allowed links and refuses the rest with a log line', async () => {
    const open = vi.fn();
    const log = fakeLog();
    expect(await openExternalSafely('https://docs.example.cn/a', open, log, ['docs.example.cn'])).toBe(true);
    expect(await openExternalSafely('smb://share/x', open, log, ['docs.example.cn'])).toBe(false);
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://docs.example.cn/a');
    expect(log.warn).toHaveBeenCalledWith('security.open-external-blocked', { url: 'smb://share/x' });
  });
});

describe('IPC sender check', () => {
  it('accepts only the top frame of our page', () => {
    expect(isTrustedIpcSender({ senderFrame: { url: RENDERER_INDEX_URL, parent: null } })).toBe(true);
    expect(isTrustedIpcSender({ senderFrame: { url: RENDERER_INDEX_URL, parent: {} } })).toBe(false);
    expect(isTrustedIpcSender({ senderFrame: { url: 'https://evil.example/', parent: null } })).toBe(false);
    expect(isTrustedIpcSender({ senderFrame: { url: 'file:///tmp/x.html', parent: null } })).toBe(false);
    expect(isTrustedIpcSender({ senderFrame: null })).toBe(false);
    expect(isTrustedIpcSender({ senderFrame: undefined })).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it('blocks navigation away from our page and lets our page reload', () => {
    const wc = fakeWebContents();
    const log = fakeLog();
    hardenWebContents(wc as never, { openExternal: vi.fn(), log });
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-navigate', RENDERER_INDEX_URL)).toBe(false);
    expect(log.warn).toHaveBeenCalledWith('security.navigation-blocked', { url: 'https://evil.example/' });
  });

  it('sends a link to an allow-listed page to the system browser instead of navigating', () => {
    const wc = fakeWebContents();
    const open = vi.fn();
    hardenWebContents(wc as never, { openExternal: open, log: fakeLog(), allowExternal: ['help.example.cn'] });
    expect(wc.fire('will-navigate', 'https://help.example.cn/scanner')).toBe(true);
    expect(open).toHaveBeenCalledWith('https://help.example.cn/scanner');
  });

  it('blocks sub-frame navigation, foreign redirects and webviews', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc as never, { openExternal: vi.fn(), log: fakeLog() });
    expect(wc.fireFrame('https://evil.example/', false)).toBe(true);
    expect(wc.fireFrame(RENDERER_INDEX_URL, false)).toBe(true);
    expect(wc.fireFrame(RENDERER_INDEX_URL, true)).toBe(false);
    expect(wc.fireFrame('https://evil.example/', true)).toBe(true);
    expect(wc.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-redirect', 'counterpay://app/assets/x.js')).toBe(false);
    expect(wc.fire('will-attach-webview')).toBe(true);
  });

  it('denies every window.open; allow-listed https links open externally', () => {
    const wc = fakeWebContents();
    const open = vi.fn();
    const log = fakeLog();
    hardenWebContents(wc as never, { openExternal: open, log, allowExternal: ['help.example.cn'] });
    expect(wc.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(wc.open('https://help.example.cn/')).toEqual({ action: 'deny' });
    expect(wc.open(RENDERER_INDEX_URL)).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://help.example.cn/');
    expect(log.warn).toHaveBeenCalledWith('security.window-open-blocked', { url: 'https://evil.example/' });
  });

  it('hardenApp hardens every web contents the app creates', () => {
    let created: Listener | null = null;
    const app = { on: (name: string, fn: Listener) => (name === 'web-contents-created' ? (created = fn) : null) };
    hardenApp(app as never, { openExternal: vi.fn(), log: fakeLog() });
    expect(created).not.toBeNull();
    const wc = fakeWebContents();
    created!({}, wc);
    expect(wc.events()).toEqual(
      expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']),
    );
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
  });
});

describe('hardenSession', () => {
  interface Recorded {
    permissionRequest: null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void);
    permissionCheck: null | ((...a: unknown[]) => boolean);
    deviceCheck: null | ((...a: unknown[]) => boolean);
    displayMedia: null | ((req: unknown, cb: (s: unknown) => void) => void);
    headers:
      null | ((details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void);
  }
  function fakeSession() {
    const s: Recorded = {
      permissionRequest: null,
      permissionCheck: null,
      deviceCheck: null,
      displayMedia: null,
      headers: null,
    };
    const session = {
      setPermissionRequestHandler: (fn: Recorded['permissionRequest']) => void (s.permissionRequest = fn),
      setPermissionCheckHandler: (fn: Recorded['permissionCheck']) => void (s.permissionCheck = fn),
      setDevicePermissionHandler: (fn: Recorded['deviceCheck']) => void (s.deviceCheck = fn),
      setDisplayMediaRequestHandler: (fn: Recorded['displayMedia']) => void (s.displayMedia = fn),
      webRequest: { onHeadersReceived: (fn: Recorded['headers']) => void (s.headers = fn) },
    };
    return Object.assign(s, session);
  }

  it('denies permission requests, checks, devices and screen capture', () => {
    const s = fakeSession();
    const log = fakeLog();
    hardenSession(s as never, { log });
    for (const permission of ['media', 'notifications', 'hid', 'geolocation', 'clipboard-read']) {
      const cb = vi.fn();
      s.permissionRequest!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(s.permissionCheck!({}, 'hid', 'counterpay://app', {})).toBe(false);
    expect(s.deviceCheck!({ deviceType: 'hid', origin: 'counterpay://app' })).toBe(false);
    const mediaCb = vi.fn();
    s.displayMedia!({}, mediaCb);
    expect(mediaCb).toHaveBeenCalledWith(null);
    expect(log.warn).toHaveBeenCalledWith('security.permission-denied', { permission: 'hid' });
  });

  it('puts the strict CSP on app responses, replacing any other, and deny-all elsewhere', () => {
    const s = fakeSession();
    hardenSession(s as never, { log: fakeLog() });
    const cb = vi.fn();
    s.headers!(
      {
        url: 'counterpay://app/index.html',
        responseHeaders: { 'content-security-policy': ['script-src *'], 'X-A': ['1'] },
      },
      cb,
    );
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': [RENDERER_CSP] } });
    const cb2 = vi.fn();
    s.headers!({ url: 'https://evil.example/x.js' }, cb2);
    expect(cb2).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': ["default-src 'none'"] } });
    const cb3 = vi.fn();
    s.headers!({ url: 'devtools://devtools/bundled/inspector.html', responseHeaders: { a: ['1'] } }, cb3);
    expect(cb3).toHaveBeenCalledWith({});
  });

  it('the CSP forbids inline and foreign scripts, frames and plugins', () => {
    const directives = new Map(
      RENDERER_CSP.split(';').map((d) => {
        const [k, ...v] = d.trim().split(/\s+/);
        return [k, v.join(' ')] as const;
      }),
    );
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});

describe('secure webPreferences and scheme', () => {
  it('isolates and sandboxes the renderer', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'counterpay', privileges: { standard: true, secure: true } });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });
});

describe('the app protocol handler', () => {
  let dir: string;
  let root: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-proto-'));
    root = path.join(dir, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => new Request(url, { method });

  it('serves the page and its assets with the CSP and nosniff', async () => {
    const handle = createAppProtocolHandler({ rootDir: root });
    const page = await handle(get('counterpay://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>x</title>');
    const js = await handle(get('counterpay://app/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const spa = await handle(get('counterpay://app/setup'));
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<title>x</title>');
  });

  it('never serves a file outside the renderer folder', async () => {
    const warn = vi.fn();
    const handle = createAppProtocolHandler({ rootDir: root, log: { warn } });
    for (const url of [
      'counterpay://app/%2e%2e/secret.txt',
      'counterpay://app/..%2fsecret.txt',
      'counterpay://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    ]) {
      const r = await handle(get(url));
      // The URL parser may already fold a dot segment (→ 404 inside the root); an encoded
      // slash reaches the handler and is refused (403). Never 200.
      expect([403, 404], url).toContain(r.status);
      expect(await r.text()).not.toContain('do not serve');
    }
    expect(warn).toHaveBeenCalledWith('security.protocol-path-refused', expect.anything());
    expect((await handle(get('counterpay://app/nope.js'))).status).toBe(404);
    expect((await handle(get('counterpay://other/index.html'))).status).toBe(404);
    expect((await handle(get('counterpay://app/%00index.html'))).status).toBe(400);
    expect((await handle(get('counterpay://app/index.html', 'POST'))).status).toBe(405);
  });

  it('says so when the renderer is not built', async () => {
    const handle = createAppProtocolHandler({ rootDir: path.join(dir, 'missing') });
    const r = await handle(get('counterpay://app/index.html'));
    expect(r.status).toBe(503);
  });
});
