import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZip } from './test-zip-reader.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { createZip } from './zip.js';

const cleanup = afterEachCleanup();
const hasUnzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' }).status === 0;

describe('createZip', () => {
  const random = crypto.randomBytes(4096); // incompressible: stored
  const text = 'counterpay '.repeat(2000); // compressible: deflated
  const entries = [
    { name: 'README.txt', data: 'hello\n' },
    { name: 'logs/counterpay.log', data: text },
    { name: '诊断/说明.txt', data: '收银台诊断包\n' },
    { name: 'bin/random.bin', data: random },
    { name: 'empty.txt', data: '' },
  ];
  const zip = createZip(entries, () => Date.UTC(2025, 0, 15, 8, 30, 0));

  it('round-trips every entry, deflating what compresses and storing what does not', () => {
    const read = readZip(zip);
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of read.entries()) {
      const want = entries[i]!.data;
      expect(e.data.equals(typeof want === 'string' ? Buffer.from(want) : want)).toBe(true);
    }
    // The reader decodes a name as UTF-8 only when the entry says so (flag bit 11), else as CP437/latin1.
    expect(read.find((e) => e.name === '诊断/说明.txt')).toBeDefined();
    expect(read.find((e) => e.name === 'logs/counterpay.log')!.method).toBe(8);
    expect(read.find((e) => e.name === 'bin/random.bin')!.method).toBe(0);
    expect(zip.length).toBeLessThan(text.length);
  });

  it.skipIf(!hasUnzip)('is accepted by Info-ZIP unzip (integrity test and listing)', () => {
    const tmp = cleanup.tempDataDir('cp-zip-');
    const file = path.join(tmp, 'a.zip');
    fs.writeFileSync(file, zip);
    const t = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(t.stdout).toMatch(/No errors detected/);
    expect(t.status).toBe(0);
    const out = path.join(tmp, 'out');
    const x = spawnSync('unzip', ['-q', '-o', file, '-d', out], { encoding: 'utf8' });
    expect(x.status).toBe(0);
    expect(fs.readFileSync(path.join(out, '诊断', '说明.txt'), 'utf8')).toBe('收银台诊断包\n');
    expect(fs.readFileSync(path.join(out, 'bin', 'random.bin')).equals(random)).toBe(true);
  });

  it('refuses unsafe or duplicate names', () => {
    for (const name of ['../x', '/abs', 'a\\b', 'a/../../b', '']) {
      expect(() => createZip([{ name, data: 'x' }]), name).toThrow(/bad entry name/);
    }
    expect(() =>
      createZip([
        { name: 'a', data: '1' },
        { name: 'a', data: '2' },
      ]),
    ).toThrow(/duplicate/);
  });

  it('writes an empty archive that readers accept', () => {
    const empty = createZip([]);
    expect(empty.length).toBe(22);
    expect(readZip(empty)).toEqual([]);
  });
});
