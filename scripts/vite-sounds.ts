import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Ships the scan beeps (resources/sounds/*.wav, made by scripts/make-sounds.ts) with the renderer
 * as `sounds/<name>.wav` next to index.html, so both shells serve them from the app's own origin
 * (CSP `media-src 'self'`). The renderer may not import resources/ (scripts/check-boundaries.ts):
 * it plays `./sounds/scan-ok.wav` and `./sounds/scan-error.wav` (renderer/src/sound.ts).
 */
export function scanSounds(opts: { dir: string; files?: string[] }): Plugin {
  const files = opts.files ?? ['scan-ok.wav', 'scan-error.wav'];
  return {
    name: 'counterpay-scan-sounds',
    generateBundle() {
      for (const f of files) {
        this.emitFile({ type: 'asset', fileName: `sounds/${f}`, source: fs.readFileSync(path.join(opts.dir, f)) });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/sounds\/([\w.-]+\.wav)$/.exec((req.url ?? '').split('?')[0] ?? '');
        if (!m || !files.includes(m[1]!)) return next();
        res.setHeader('content-type', 'audio/wav');
        res.end(fs.readFileSync(path.join(opts.dir, m[1]!)));
      });
    },
  };
}
