import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './log.js';

describe('logger', () => {
  it('writes JSON lines, filters by level, and rotates by size keeping N files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-log-'));
    const log = createLogger({ dir, level: 'info', maxBytes: 2_000, keep: 3, now: () => 0 });
    log.debug('hidden');
    for (let i = 0; i < 200; i++) log.child('pay').info('tick', { i, pad: 'x'.repeat(40) });
    await log.close();
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['counterpay.1.log', 'counterpay.2.log', 'counterpay.3.log', 'counterpay.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThan(2_200);
    const last = fs.readFileSync(path.join(dir, 'counterpay.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(last.at(-1)).toMatchObject({ level: 'info', scope: 'pay', event: 'tick', i: 199 });
    expect(fs.readFileSync(path.join(dir, 'counterpay.log'), 'utf8')).not.toContain('hidden');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('redacts secrets by key name, nested too', () => {
    expect(redact({ pin: '1234', nested: { apiKey: 'k', token: 't', ok: 1 }, list: [{ password: 'p' }] })).toEqual({
      pin: '[redacted]',
      nested: { apiKey: '[redacted]', token: '[redacted]', ok: 1 },
      list: [{ password: '[redacted]' }],
    });
  });
});
