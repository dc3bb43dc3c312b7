import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../main/store/test-helpers.js';
import { checkBoundaries, checkFile } from './check-boundaries.js';

const root = '/repo';
const check = (rel: string, text: string) => checkFile(root, path.join(root, rel), text).map((v) => v.rule);

describe('boundary rules', () => {
  it('refuses Node, native and electron modules in app/', () => {
    expect(check('app/x.ts', "import fs from 'node:fs';")).toHaveLength(1);
    expect(check('app/x.ts', "import path from 'path';")).toHaveLength(1);
    expect(check('app/x.ts', "const D = require('better-sqlite3');")).toHaveLength(1);
    expect(check('app/x.ts', "import { app } from 'electron';")).toHaveLength(1);
    expect(check('app/x.ts', "const m = await import('node-hid');")).toHaveLength(1);
    expect(check('app/x.ts', "import { z } from 'zod';")).toHaveLength(0);
  });
  it('refuses app/ reaching into main/, and renderer/ reaching into main/ or native/', () => {
    expect(check('app/x.ts', "import { a } from '../main/core.js';")).toHaveLength(1);
    expect(check('renderer/src/x.ts', "import { a } from '../../main/core.js';")).toHaveLength(1);
    expect(check('renderer/src/x.ts', "import { a } from '../../native/hid.js';")).toHaveLength(1);
    expect(check('renderer/src/x.ts', "import { a } from '../../app/money.js';")).toHaveLength(0);
    expect(check('renderer/src/x.ts', "import fs from 'fs';")).toHaveLength(1);
  });
  it('allows electron only in the Electron shell, and never in tests', () => {
    expect(check('main/core.ts', "import { app } from 'electron';")).toHaveLength(1);
    expect(check('main/electron/main.ts', "import { app } from 'electron';")).toHaveLength(0);
    expect(check('main/electron/ipc.test.ts', "import { ipcMain } from 'electron';")).toHaveLength(1);
    expect(check('e2e/sale.spec.ts', "import { _electron } from 'electron';")).toHaveLength(1);
  });
  it('native/ may not import main/', () => {
    expect(check('native/x.ts', "import { a } from '../main/core.js';")).toHaveLength(1);
    expect(check('native/x.ts', "import { a } from '../app/scan/classify.js';")).toHaveLength(0);
  });

  const { dir: tmp, cleanup: removeTmp } = tempDir('cp-bounds-');
  afterAll(removeTmp);
  it('scans a whole tree and reports the file and line', () => {
    fs.mkdirSync(path.join(tmp, 'app'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'app', 'ok.ts'), "import { z } from 'zod';\n");
    fs.writeFileSync(path.join(tmp, 'app', 'bad.ts'), "// fine\nimport os from 'node:os';\n");
    const { files, violations } = checkBoundaries(tmp);
    expect(files).toBe(2);
    expect(violations).toEqual([expect.objectContaining({ file: 'app/bad.ts', line: 2, specifier: 'node:os' })]);
  });
  it('the real tree has no violations', () => {
    const repo = path.resolve(__dirname, '..');
    const { violations } = checkBoundaries(repo);
    expect(violations).toEqual([]);
  });
});
