import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startXiaobaoSimulator, type XiaobaoSimulator } from '../../main/backoffice/xiaobao/simulator.js';
import { expect, humanType, type ShellInfo } from '../fixtures.js';
import { CASHIER, signIn, startCounterShell } from './counter.js';

/**
 * Helpers for the 校宝学员 specs (e2e/xiaobao-desk.spec.ts, e2e/xiaobao-split.spec.ts): the
 * Xiaobao simulator with a student and two planted orders (in this process, real HTTP, free
 * port), a counter shell that reaches it through the COUNTERPAY_XIAOBAO_* overrides, reads of
 * the simulator's ledger and of the counter's tenders, and opening the student's card.
 */

export const tid = (page: Page, id: string) => page.getByTestId(id);
export const STUDENT = { id: 1001, name: '张小明', schoolName: '总校区' };

export async function startSim(): Promise<XiaobaoSimulator> {
  const s = await startXiaobaoSimulator();
  s.addStudent(STUDENT);
  s.plantOrder({
    stuInfoId: STUDENT.id,
    type: 1,
    content: '少儿英语报名',
    realPayFen: 280_000,
    shouldPayFen: 300_000,
    arrearageFen: 5_000,
    lines: [{ name: '少儿英语', count: 20, unitPriceFen: 15_000, promotionFen: 20_000, className: '英语A班' }],
  });
  s.plantOrder({
    stuInfoId: STUDENT.id,
    type: 8,
    content: '教材',
    realPayFen: 6_000,
    lines: [{ name: '英语教材', count: 2, unitPriceFen: 3_000 }],
  });
  return s;
}

export function xiaobaoShell(s: XiaobaoSimulator, dataDir?: string): Promise<ShellInfo> {
  return startCounterShell({
    ...(dataDir ? { dataDir } : {}),
    env: {
      COUNTERPAY_XIAOBAO_URL: s.baseUrl,
      COUNTERPAY_XIAOBAO_ACCESS_KEY_ID: s.credentials.accessKeyId,
      COUNTERPAY_XIAOBAO_CORP_ID: s.credentials.corpId,
      COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET: s.credentials.accessKeySecret,
    },
    config: { backOffices: { xiaobao: { schoolId: 1, settleMs: 1000 } } },
  });
}

export function rechargesFor(s: XiaobaoSimulator, billNo: string) {
  return s
    .ledger()
    .orders.filter((o) => o.source === 'RechargeAccountTran' && o.accountDetails.some((d) => d.orderNumber === billNo));
}

export function tenderReference(dataDir: string, billNo: string): string | null {
  const db = new Database(path.join(dataDir, 'counterpay.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        "SELECT t.reference FROM tenders t JOIN bills b ON b.id = t.bill_id WHERE b.bill_no = ? AND t.kind = 'barcode'",
      )
      .get(billNo) as { reference: string | null } | undefined;
    return row?.reference ?? null;
  } finally {
    db.close();
  }
}

/** Ctrl+Y, type the name, Enter, Enter on the one result: the student card. */
export async function openStudent(page: Page): Promise<void> {
  await page.keyboard.press('Control+y');
  await expect(tid(page, 'xiaobao-dialog')).toBeVisible();
  await expect(tid(page, 'xb-query')).toBeFocused();
  await humanType(page, '小明');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-student-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-card')).toHaveAttribute('data-id', String(STUDENT.id));
}

/** A cashier signed in (float ¥200) at a counter pointed at a fresh Xiaobao simulator, `width`×768. */
export async function signedInAtDesk(
  page: Page,
  width: 1024 | 1366,
): Promise<{ sim: XiaobaoSimulator; shell: ShellInfo }> {
  await page.setViewportSize({ width, height: 768 });
  const sim = await startSim();
  const shell = await xiaobaoShell(sim);
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '200' });
  return { sim, shell };
}
