import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { holdAnswer, listenLocal, readBody } from '../../net/local-http.js';
import { fenToYuan, yuanToFen } from './schema.js';
import {
  type CampusFailure,
  type CampusFailureInput,
  CampusFailureSchema,
  type CampusOp,
  type CampusSimEvents,
  type CampusSimOptions,
  type CampusSimulator,
  DEFAULT_SIM_ITEMS,
  DEFAULT_SIM_STUDENTS,
  type SimCharge,
} from './simulator-types.js';

/**
 * A smart-campus 一卡通 pay simulator: a real HTTP server on 127.0.0.1 speaking
 * {WebPath}/{controller}/SearchPayPackages, PayMoney and SearchSuccessData with the seed's fields.
 * PayMoney creates a ping++-shaped charge with a QR credential; a charge becomes paid only when
 * the test marks it paid (as the payer's scan would): `markPaid()` or `POST /__control/pay`.
 * The amount unit and the SearchSuccessData parameter it expects are options, so a client
 * configured differently fails as it would against a real site.
 */

export * from './simulator-types.js';

const MAX_BODY = 64 * 1024;

export async function startCampusSimulator(options: CampusSimOptions = {}): Promise<CampusSimulator> {
  const unit = options.amountUnit ?? 'fen';
  const successParam = options.successParam ?? 'ids';
  const webPath = '/' + (options.webPath ?? '/zhxy').replace(/^\/+|\/+$/g, '');
  const controller = (options.controller ?? 'api/Pay').replace(/^\/+|\/+$/g, '');
  const students = new Map((options.students ?? DEFAULT_SIM_STUDENTS).map((s) => [s.userID, s]));
  const items = new Map((options.items ?? DEFAULT_SIM_ITEMS).map((i) => [i.id, i]));
  const now = options.now ?? Date.now;
  const events = new EventEmitter<CampusSimEvents>();
  events.setMaxListeners(100);
  const prefix = `${webPath === '/' ? '' : webPath}/${controller}/`.toLowerCase();

  let failure: { f: CampusFailure; remaining: number } | null = null;
  const charges: SimCharge[] = [];
  let recordSeq = 50000000;
  let orderSeq = 1234567890;
  let requests: Record<CampusOp, number> = { searchPayPackages: 0, payMoney: 0, searchSuccessData: 0 };
  let lastBody: Record<string, unknown> | null = null;
  const held = new Set<ServerResponse>();
  let root = '';

  const fail = (message: string) => ({ error: 1, message });
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

  function dates(): { from: string; to: string } {
    const d = new Date(now());
    const iso = (x: Date) => x.toISOString().slice(0, 10);
    const to = new Date(d);
    to.setUTCFullYear(to.getUTCFullYear() + 1);
    return { from: iso(d), to: iso(to) };
  }

  function handle(op: CampusOp, b: Record<string, unknown>): Record<string, unknown> {
    switch (op) {
      case 'searchPayPackages': {
        const userID = str(b['userID']);
        const type = str(b['type']);
        const payType = str(b['payType']);
        if (!userID) return fail('userID 不能为空');
        if (type !== '0' && type !== '1') return fail('type 参数错误');
        if (payType !== '0' && payType !== '1') return fail('payType 参数错误');
        const s = students.get(userID);
        if (!s) return fail('未找到该用户');
        const list = [...items.values()].filter((i) => String(i.type) === type && String(i.payType) === payType);
        return {
          error: 0,
          data: {
            empName: s.empName,
            selectType: type === '1' ? 1 : 0,
            qrCode: `${root}qr/${s.userID}.png`,
            photo: `${root}${s.photo}`,
            cardNo: s.cardNo,
            protocolUrl: `${root}protocol.html`,
            wxAccount: '',
            alipayAccount: '',
            unionPayAccount: '',
            projectDescription: '智慧校园一卡通',
            items: list.map((i) => ({
              id: i.id,
              itemName: i.name,
              itemPrice: `¥${fenToYuan(i.valueFen).replace(/\.00$/, '')}元/年`,
              itemValue: Number(fenToYuan(i.valueFen)),
              description: i.name,
              details: [
                { icon: `${root}att.png`, title: '进出校考勤', content: '每天上学到校、放学离校，都有及时的消息通知' },
              ],
            })),
          },
        };
      }
      case 'payMoney': {
        for (const f of ['channel', 'subject', 'body', 'amount', 'userID', 'empName', 'itemIDs', 'type']) {
          if (str(b[f]) === '') return fail(`${f} 不能为空`);
        }
        const channel = str(b['channel']);
        if (!['alipay_qr', 'wx_pub_qr', 'wx', 'alipay', 'alipay_wap', 'wx_pub'].includes(channel))
          return fail(`不支持的支付渠道 ${channel}`);
        const type = str(b['type']);
        if (!['0', '1', '2'].includes(type)) return fail('type 参数错误');
        const s = students.get(str(b['userID']));
        if (!s) return fail('未找到该用户');
        const ids = str(b['itemIDs'])
          .split(',')
          .map((x) => x.trim());
        const picked = ids.map((id) => items.get(id));
        if (picked.some((i) => !i)) return fail('付款项不存在');
        const raw = b['amount'];
        let amountFen: number | null;
        if (unit === 'fen') amountFen = /^\d+$/.test(str(raw)) ? Number(str(raw)) : null;
        else amountFen = yuanToFen(typeof raw === 'number' || typeof raw === 'string' ? raw : '');
        if (amountFen === null || amountFen <= 0) return fail('amount 格式错误');
        const expected = picked.reduce((sum, i) => sum + i!.valueFen, 0);
        if (amountFen !== expected) return fail(`金额与套餐不符（应付${fenToYuan(expected)}元）`);
        const chargeId = `ch_${randomBytes(12).toString('base64url').slice(0, 24)}`;
        const orderNo = String(++orderSeq);
        const recordIDs = ids.map(() => String(++recordSeq));
        charges.push({
          chargeId,
          orderNo,
          recordIDs,
          userID: s.userID,
          channel,
          amountFen,
          itemIDs: ids,
          payType: Number(type),
          paid: false,
          paidCount: 0,
          successQueries: 0,
        });
        const created = Math.floor(now() / 1000);
        const qr =
          channel === 'alipay_qr'
            ? `https://qr.alipay.com/bax0${orderNo}`
            : channel === 'wx_pub_qr'
              ? `weixin://wxpay/bizpayurl?pr=${orderNo}`
              : null;
        return {
          error: 0,
          data: {
            recordIDs: recordIDs.join(','),
            chargeData: {
              error: 0,
              charge: {
                id: chargeId,
                object: 'charge',
                created,
                livemode: false,
                paid: false,
                refunded: false,
                app: 'app_sim',
                channel,
                order_no: orderNo,
                client_ip: '127.0.0.1',
                amount: amountFen,
                amount_settle: amountFen,
                currency: 'cny',
                subject: str(b['subject']),
                body: str(b['body']),
                extra: {},
                time_paid: null,
                time_expire: created + 7200,
                time_settle: null,
                transaction_no: null,
                refunds: { object: 'list', url: `/v1/charges/${chargeId}/refunds`, has_more: false, data: [] },
                amount_refunded: 0,
                failure_code: null,
                failure_msg: null,
                metadata: {},
                credential: qr
                  ? { object: 'credential', [channel]: qr }
                  : { object: 'credential', [channel]: { orderInfo: 'sdk-only' } },
                description: null,
              },
            },
          },
        };
      }
      case 'searchSuccessData': {
        let found: SimCharge[];
        if (successParam === 'ids') {
          const ids = str(b['ids']);
          if (!ids) return fail('ids 不能为空');
          const wanted = ids.split(',').map((x) => x.trim());
          found = charges.filter((c) => c.recordIDs.some((r) => wanted.includes(r)));
        } else {
          const userID = str(b['userID']);
          const orderNumber = str(b['orderNumber']);
          if (!userID || !orderNumber) return fail('userID 和 orderNumber 不能为空');
          found = charges.filter((c) => c.userID === userID && c.orderNo === orderNumber);
        }
        for (const c of found) c.successQueries += 1;
        if (found.length === 0 || found.some((c) => !c.paid)) return fail('未查询到付款成功记录');
        const { from, to } = dates();
        const records = found.flatMap((c) => {
          const s = students.get(c.userID)!;
          return c.itemIDs.map((id) => {
            const it = items.get(id)!;
            return {
              projectName: '智慧校园一卡通',
              itemName: it.name,
              payStartDate: from,
              payEndDate: to,
              empName: s.empName,
              imei: s.cardNo,
              sim: s.sim,
              gradeName: s.gradeName,
              className: s.className,
              mobile: it.type === 1 ? s.mobile : '',
            };
          });
        });
        return { error: 0, data: records.length === 1 ? records[0] : records };
      }
    }
  }

  function send(res: ServerResponse, status: number, text: string, type = 'application/json; charset=utf-8'): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function takeFailure(op: CampusOp): CampusFailure | null {
    if (!failure || (failure.f.op && failure.f.op !== op)) return null;
    const f = failure.f;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failure = null;
    return f;
  }

  function markPaid(id: string): boolean {
    const c = charges.find((x) => x.chargeId === id || x.orderNo === id || x.recordIDs.includes(id));
    if (!c || c.paid) return false;
    c.paid = true;
    c.paidCount += 1;
    return true;
  }

  function setFailure(input: CampusFailureInput | null): void {
    if (input === null) {
      failure = null;
      return;
    }
    const f = CampusFailureSchema.parse(input);
    failure = { f, remaining: f.times ?? Number.POSITIVE_INFINITY };
  }

  function ledger() {
    return {
      charges: charges.map((c) => ({ ...c, recordIDs: [...c.recordIDs], itemIDs: [...c.itemIDs] })),
      requests: { ...requests },
      lastBody,
    };
  }

  function reset(): void {
    failure = null;
    charges.length = 0;
    requests = { searchPayPackages: 0, payMoney: 0, searchSuccessData: 0 };
    lastBody = null;
  }

  function control(path: string, req: IncomingMessage, res: ServerResponse, raw: string): void {
    let body: Record<string, unknown> = {};
    try {
      if (raw.trim()) body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: 'body is not JSON' }));
    }
    if (req.method === 'GET' && path === '/__control/ledger') return send(res, 200, JSON.stringify(ledger()));
    if (req.method === 'POST' && path === '/__control/reset') {
      reset();
      return send(res, 200, JSON.stringify({ ok: true }));
    }
    if (req.method === 'POST' && path === '/__control/pay') {
      const id = str(body['charge'] ?? body['orderNo'] ?? body['recordID']);
      if (!id) return send(res, 400, JSON.stringify({ ok: false, error: 'charge, orderNo or recordID is required' }));
      return send(res, 200, JSON.stringify({ ok: markPaid(id) }));
    }
    if (req.method === 'POST' && path === '/__control/failure') {
      if (body['mode'] === null || body['mode'] === undefined) {
        setFailure(null);
        return send(res, 200, JSON.stringify({ ok: true, failure: null }));
      }
      const parsed = CampusFailureSchema.safeParse(body);
      if (!parsed.success) return send(res, 400, JSON.stringify({ ok: false, error: z.prettifyError(parsed.error) }));
      setFailure(parsed.data);
      return send(res, 200, JSON.stringify({ ok: true, failure: parsed.data }));
    }
    return send(res, 404, JSON.stringify({ ok: false, error: `no control endpoint ${req.method} ${path}` }));
  }

  const OPS: Record<string, CampusOp> = {
    [`${prefix}searchpaypackages`]: 'searchPayPackages',
    [`${prefix}paymoney`]: 'payMoney',
    [`${prefix}searchsuccessdata`]: 'searchSuccessData',
  };

  const server = http.createServer((req, res) => {
    readBody(req, res, MAX_BODY, (raw, tooBig) => {
      const path =
        new URL(req.url ?? '/', 'http://sim').pathname
          .replace(/\/{2,}/g, '/')
          .replace(/\/+$/, '')
          .toLowerCase() || '/';
      if (tooBig) return send(res, 413, 'payload too large', 'text/plain');
      if (path === '/health') return send(res, 200, JSON.stringify({ ok: true, name: 'campus-simulator' }));
      if (path.startsWith('/__control/')) return control(path, req, res, raw);
      const op = OPS[path];
      if (!op) return send(res, 404, '<html><body>404 - 找不到文件或目录。</body></html>', 'text/html; charset=utf-8');
      if (req.method !== 'POST') return send(res, 405, 'method not allowed', 'text/plain');
      requests[op] += 1;
      events.emit('request', { op });
      let body: Record<string, unknown> = {};
      let badJson = false;
      try {
        const v: unknown = JSON.parse(raw.replace(/^\uFEFF/, '') || '{}');
        if (v && typeof v === 'object' && !Array.isArray(v)) body = v as Record<string, unknown>;
        else badJson = true;
      } catch {
        badJson = true;
      }
      lastBody = body;
      const f = takeFailure(op);
      let reply: Record<string, unknown>;
      if (badJson) reply = fail('请求数据格式错误');
      else if (f?.mode === 'refuse') reply = fail(f.msg);
      else if (f?.mode === 'http-5xx' && !f.processed) reply = {};
      else reply = handle(op, body);
      const answer = () => {
        if (f?.mode === 'http-5xx')
          send(res, 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html; charset=utf-8');
        else if (f?.mode === 'malformed') send(res, 200, JSON.stringify(reply).slice(0, 20));
        else send(res, 200, JSON.stringify(reply));
        events.emit('answered', { op, status: f?.mode === 'http-5xx' ? 502 : 200 });
      };
      if (f?.mode === 'slow') {
        holdAnswer(res, held, f.ms, answer);
        events.emit('answered', { op, status: 'held' });
        return;
      }
      answer();
    });
  });

  const port = await listenLocal(server, options.port ?? 0);
  root = `http://127.0.0.1:${port}/`;

  return {
    webPath: `http://127.0.0.1:${port}${webPath === '/' ? '' : webPath}/`,
    url: root,
    port,
    events,
    setFailure,
    markPaid,
    ledger,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held) r.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
