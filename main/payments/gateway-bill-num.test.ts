import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxCode } from '../sandbox/scenarios.js';
import { openStore } from '../store/db.js';
import { tempDir } from '../store/test-helpers.js';
import { billNumLayout, createGatewayBillNums, installId } from './gateway-bill-num.js';
import { createRig, type Rig } from './test-harness.js';

const T0 = Date.UTC(2026, 11, 4, 14, 40, 15); // 2026-12-04 22:40:15 in UTC+8

describe('gateway bill numbers: layout', () => {
  it('T01 at the default 20: readable — terminal, yymmdd, hhmmss (UTC+8), install id, sequence', () => {
    const gen = createGatewayBillNums({ terminalNo: 'T01', installId: 'K3F9Q2ZX00AB', exists: () => false });
    expect(gen.layout).toBe('readable');
    const a = gen.next(T0);
    expect(a).toBe('T01261204224015K3F90');
    expect(a.length).toBe(20);
    expect(gen.next(T0 + 10)).toBe('T01261204224015K3F91');
    expect(gen.next(T0 + 1_000)).toBe('T01261204224016K3F90');
  });

  it('fits every terminal number and maximum, or refuses the configuration naming the field', () => {
    for (let max = 12; max <= 32; max++) {
      for (const term of ['A', 'T01', 'COUNTER1', 'ABCDEFGH']) {
        if (max < term.length + 9) {
          expect(() => billNumLayout(term, max)).toThrow(
            expect.objectContaining({
              code: 'config-invalid',
              message: expect.stringContaining('gateway.maxBillNumLength'),
            }),
          );
          continue;
        }
        const gen = createGatewayBillNums({
          terminalNo: term,
          maxLength: max,
          installId: 'ZZZZZZZZZZZZ',
          exists: () => false,
        });
        const n = gen.next(T0);
        expect(n.length, `${term} ${max}`).toBeLessThanOrEqual(max);
        expect(n.startsWith(term)).toBe(true);
        expect(n).toMatch(/^[0-9A-Z]+$/);
        expect(gen.installChars).toBeGreaterThanOrEqual(gen.layout === 'tight' ? 1 : 2);
      }
    }
    expect(billNumLayout('T01', 20).layout).toBe('readable');
    expect(billNumLayout('ABCDEFGH', 20).layout).toBe('tight');
    expect(billNumLayout('T01', 12).layout).toBe('tight');
    expect(() =>
      createGatewayBillNums({ terminalNo: 'T01', maxLength: 11, installId: 'ZZZZZZZZ', exists: () => false }),
    ).toThrow(expect.objectContaining({ code: 'config-invalid' }));
  });

  it('more than 36 in one second borrow the next second; a restart skips what the ledger already has', () => {
    const issued = new Set<string>();
    const exists = (n: string) => issued.has(n);
    const gen = createGatewayBillNums({ terminalNo: 'T01', installId: 'K3F9Q2ZX00AB', exists });
    for (let i = 0; i < 100; i++) issued.add(gen.next(T0));
    expect(issued.size).toBe(100);
    // A restart within the same second (the sequence starts again): nothing is reused.
    const again = createGatewayBillNums({ terminalNo: 'T01', installId: 'K3F9Q2ZX00AB', exists });
    const n = again.next(T0);
    expect(issued.has(n)).toBe(false);
  });
});

describe('gateway bill numbers: unique across terminals, restarts (sequence reset) and reinstalls (new install id)', () => {
  /** One step of a counter's life. */
  const step = fc.oneof(
    {
      weight: 20,
      arbitrary: fc.record({
        kind: fc.constant('pay' as const),
        terminal: fc.nat(2),
        gapMs: fc.oneof(fc.constant(0), fc.nat(1_500), fc.nat(600_000)),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('burst' as const),
        terminal: fc.nat(2),
        count: fc.integer({ min: 2, max: 80 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('restart' as const), terminal: fc.nat(2) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reinstall' as const), terminal: fc.nat(2) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('clock-back' as const),
        terminal: fc.nat(2),
        backMs: fc.nat(3_600_000),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('next-day' as const), days: fc.integer({ min: 1, max: 400 }) }),
    },
  );
  const TERMINALS = ['T01', 'T02', 'GATE10'];

  it('never issues one number twice, and never more than the maximum (property over 300 counter lives)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 300 }),
        fc.constantFrom(12, 16, 20, 24, 32),
        // The install ids a reinstall draws: random, so (the assumption) distinct in the characters used.
        fc.uniqueArray(fc.stringMatching(/^[0-9A-Z]{12}$/), {
          minLength: 30,
          maxLength: 30,
          selector: (s) => s.slice(0, 1),
        }),
        (steps, maxLength, installIds) => {
          const seen = new Set<string>();
          let nextInstall = 0;
          let now = T0;
          const terminals = TERMINALS.filter((t) => maxLength >= t.length + 9).map((terminalNo) => {
            const ledger = new Set<string>();
            const install = installIds[nextInstall++]!;
            return {
              terminalNo,
              ledger,
              clockSkew: 0,
              gen: createGatewayBillNums({ terminalNo, maxLength, installId: install, exists: (n) => ledger.has(n) }),
            };
          });
          if (terminals.length === 0) return true;
          const issue = (t: (typeof terminals)[number]) => {
            const n = t.gen.next(now + t.clockSkew);
            if (seen.has(n) || n.length > maxLength || !n.startsWith(t.terminalNo)) return false;
            seen.add(n);
            t.ledger.add(n);
            return true;
          };
          for (const s of steps) {
            const t = terminals['terminal' in s ? s.terminal % terminals.length : 0]!;
            switch (s.kind) {
              case 'pay':
                now += s.gapMs;
                if (!issue(t)) return false;
                break;
              case 'burst':
                for (let i = 0; i < s.count; i++) if (!issue(t)) return false;
                break;
              case 'restart': // same ledger, the in-memory sequence starts again
                t.gen = createGatewayBillNums({
                  terminalNo: t.terminalNo,
                  maxLength,
                  installId: installIds[nextInstall - 1]!,
                  exists: (n) => t.ledger.has(n),
                });
                break;
              case 'reinstall': {
                // A new ledger (empty) and a new install id; the clock may even be behind.
                const ledger = new Set<string>();
                t.ledger = ledger;
                t.gen = createGatewayBillNums({
                  terminalNo: t.terminalNo,
                  maxLength,
                  installId: installIds[nextInstall++ % installIds.length]!,
                  exists: (n) => ledger.has(n),
                });
                break;
              }
              case 'clock-back':
                t.clockSkew -= s.backMs;
                break;
              case 'next-day':
                now += s.days * 86_400_000;
                break;
            }
          }
          return true;
        },
      ),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('the install id is made once per ledger and kept across restarts; a new ledger gets a new one', () => {
    const a = tempDir('counterpay-install-');
    const b = tempDir('counterpay-install-');
    try {
      const s1 = openStore({ file: join(a.dir, 'counterpay.db'), now: () => T0, check: 'none' });
      const id1 = installId(s1);
      expect(id1).toMatch(/^[0-9A-Z]{12}$/);
      s1.close();
      const s2 = openStore({ file: join(a.dir, 'counterpay.db'), now: () => T0, check: 'none' });
      expect(installId(s2)).toBe(id1);
      s2.close();
      const s3 = openStore({ file: join(b.dir, 'counterpay.db'), now: () => T0, check: 'none' });
      expect(installId(s3)).not.toBe(id1);
      s3.close();
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
});

describe('gateway bill numbers through the engine and the sandbox', () => {
  let rig: Rig | null = null;
  afterEach(async () => {
    await rig?.cleanup();
    rig = null;
  });

  it('every BarCode and Query the sandbox receives carries a billNum of at most 20; after a restart the queries use the stored one', async () => {
    rig = await createRig();
    const r = rig;
    const seen: { op: string; billNum: string | null }[] = [];
    r.sandbox.events.on('request', (e: { op: string; billNum: string | null }) =>
      seen.push({ op: e.op, billNum: e.billNum }),
    );
    let serial = 9000;
    const ids: number[] = [];
    for (const [s, nn] of [
      [0, 0],
      [1, 3],
      [2, 0],
      [4, 2],
      [5, 0],
      [9, 2],
      [1, 40],
    ] as const) {
      const bill = r.newBill(100 + s);
      const v = r.engine.collect({ billId: bill.id, barCode: sandboxCode(s, nn, ++serial), operatorNo: '1001' });
      expect(v.billNo).toBe(bill.billNo);
      expect(bill.billNo.length).toBeGreaterThan(20);
      ids.push(v.id);
      if (nn === 40) {
        await r.run(1_500);
        break;
      }
      await r.until(() => ['paid', 'declined'].includes(r.view(v.id).state));
      if (s === 2) r.bills.voidBill(bill.id, '1001', 'declined');
    }
    const last = ids.at(-1)!;
    const stored = r.view(last).gatewayBillNum;
    // A restart in the middle of the last payment: it is queried under the same number.
    await r.closeEngine({ graceful: true });
    r.reopen();
    r.engine.start();
    await r.until(() => r.view(last).state === 'paid');
    expect(r.view(last).gatewayBillNum).toBe(stored);
    await r.run(120_000);
    for (const id of ids) expect(['paid', 'declined']).toContain(r.view(id).state);

    expect(seen.length).toBeGreaterThan(10);
    for (const e of seen) {
      expect(e.billNum).not.toBeNull();
      expect(e.billNum!.length).toBeLessThanOrEqual(20);
    }
    const lastRequests = seen.filter((e) => e.billNum === stored);
    expect(lastRequests.filter((e) => e.op === 'barcode')).toHaveLength(1);
    expect(lastRequests.filter((e) => e.op === 'query').length).toBeGreaterThan(1);
    // Distinct numbers for distinct attempts.
    expect(new Set(ids.map((id) => r.view(id).gatewayBillNum)).size).toBe(ids.length);
  });
});
