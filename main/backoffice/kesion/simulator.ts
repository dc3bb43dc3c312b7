import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { holdAnswer, listenLocal, readBody } from '../../net/local-http.js';
import { fenToYuan } from './schema.js';
import {
  DEFAULT_SIM_COURSES,
  type KesionFailure,
  type KesionFailureInput,
  KesionFailureSchema,
  type KesionOp,
  type KesionSimEvents,
  type KesionSimOptions,
  type KesionSimulator,
  type SimCourse,
  type SimOrder,
} from './simulator-types.js';

/**
 * A KesionEDU 网校 webapi simulator: a real HTTP server on 127.0.0.1 speaking InitializeBatchBill,
 * SaveBatchBill (the seed's reply), SaveSignUpOrder and the order-info check. It checks what the
 * real site checks (apptoken, apikey when one is set, required fields, known ids), keeps an
 * institution balance and a ledger of orders, and counts confirmations so that tests can assert
 * "never confirmed twice". Failure modes are switched in-process or through `/__control/*`.
 */

export * from './simulator-types.js';

const MAX_BODY = 256 * 1024;
const OPS: Record<string, KesionOp> = {
  '/webapi/school/initializebatchbill': 'initialize',
  '/webapi/school/savebatchbill': 'saveBatchBill',
  '/webapi/school/savesignuporder': 'saveSignUpOrder',
  '/webapi/school/getorderinfo': 'orderInfo',
};

export async function startKesionSimulator(options: KesionSimOptions = {}): Promise<KesionSimulator> {
  const apptoken = options.apptoken ?? 'sim-apptoken';
  const apikey = options.apikey ?? null;
  const balancePayId = options.balancePayId ?? '0';
  const counterPayIds = new Set(options.counterPayIds ?? ['100']);
  const courses = new Map((options.courses ?? DEFAULT_SIM_COURSES).map((c) => [c.id, c]));
  const events = new EventEmitter<KesionSimEvents>();
  events.setMaxListeners(100);

  let balanceFen = options.balanceFen ?? 908754;
  let failure: { f: KesionFailure; remaining: number } | null = null;
  const orders = new Map<string, SimOrder>();
  const users = new Map<string, { userid: string; username: string; realname: string }>();
  let userSeq = 1000;
  let orderSeq = 23487871;
  let requests: Record<KesionOp, number> = { initialize: 0, saveBatchBill: 0, saveSignUpOrder: 0, orderInfo: 0 };
  let lastAuthIn: 'query' | 'body' | 'none' | null = null;
  const held = new Set<ServerResponse>();
  let baseUrl = '';

  const bool = (b: boolean): boolean | string => (options.stringResults ? String(b) : b);
  const ok = (extra: Record<string, unknown> = {}) => ({ result: bool(true), msg: 'success', ...extra });
  const no = (msg: string, extra: Record<string, unknown> = {}) => ({ result: bool(false), msg, ...extra });

  function courseJson(c: SimCourse) {
    return {
      id: Number(c.id),
      name: c.name,
      purchase_price: fenToYuan(c.purchaseFen),
      market_price: fenToYuan(c.marketFen),
      buylimit: c.buyLimit,
      bmbegintime: c.enrollBegin,
      bmendtime: c.enrollEnd,
      teachway: 1,
      photourl: `${baseUrl}UploadFiles/${c.id}.jpg`,
    };
  }

  function idList(v: string | undefined): string[] | null {
    if (v === undefined || v.trim() === '') return null;
    const parts = v.split(',').map((s) => s.trim());
    return parts.every((p) => /^\d+$/.test(p)) ? parts : null;
  }

  function checkCourses(
    type: number,
    raw: string | undefined,
  ): { ok: true; list: SimCourse[] } | { ok: false; msg: string } {
    const ids = idList(raw);
    if (!ids) return { ok: false, msg: 'courseids 参数错误' };
    const list: SimCourse[] = [];
    for (const id of ids) {
      const c = courses.get(id);
      if (!c || c.type !== type)
        return { ok: false, msg: `找不到ID为${id}的${type === 1 ? '课程' : type === 2 ? '班级' : '训练营'}` };
      list.push(c);
    }
    return { ok: true, list };
  }

  function handle(op: KesionOp, p: Record<string, string>): Record<string, unknown> {
    switch (op) {
      case 'initialize': {
        const type = Number(p['type']);
        if (![1, 2, 3].includes(type)) return no('type 参数错误');
        const cs = checkCourses(type, p['courseids']);
        if (!cs.ok) return no(cs.msg);
        const names = (p['signup_username'] ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (names.length === 0) return no('请输入报名学员账号');
        let detail: { username?: string; realname?: string }[] = [];
        if (p['signup_json']) {
          try {
            const v: unknown = JSON.parse(p['signup_json']);
            if (!Array.isArray(v)) return no('signup_json 格式错误');
            detail = v as typeof detail;
          } catch {
            return no('signup_json 格式错误');
          }
        }
        const ids = names.map((n) => {
          const key = n.toLowerCase();
          let u = users.get(key);
          if (!u) {
            u = {
              userid: String(++userSeq),
              username: n,
              realname: detail.find((d) => d.username?.toLowerCase() === key)?.realname ?? n,
            };
            users.set(key, u);
          }
          return u.userid;
        });
        const per = cs.list.reduce((s, c) => s + c.purchaseFen, 0);
        return ok({
          balance: fenToYuan(balanceFen),
          totalprice: fenToYuan(per * ids.length),
          data: cs.list.length === 1 ? courseJson(cs.list[0]!) : cs.list.map(courseJson),
          userids: ids.join(','),
        });
      }
      case 'saveBatchBill': {
        const type = Number(p['type']);
        if (![1, 2, 3].includes(type)) return no('type 参数错误');
        const cs = checkCourses(type, p['courseids']);
        if (!cs.ok) return no(cs.msg);
        const uids = idList(p['userids']);
        if (!uids) return no('userids 参数错误');
        const known = new Map([...users.values()].map((u) => [u.userid, u]));
        const missing = uids.find((u) => !known.has(u));
        if (missing) return no(`学员ID ${missing} 不存在`);
        const seq = ++orderSeq;
        const o: SimOrder = {
          orderid: `KSE${seq}`,
          payorderid: `KSE${seq + 59680600}`,
          type,
          courseIds: cs.list.map((c) => c.id),
          userIds: uids,
          totalFen: cs.list.reduce((s, c) => s + c.purchaseFen, 0) * uids.length,
          paid: false,
          paidWith: null,
          confirmCount: 0,
          repeatedConfirmations: 0,
          signUpRequests: 0,
        };
        orders.set(o.payorderid, o);
        const first = known.get(uids[0]!)!;
        return ok({
          qrcode: `/plus/chart.ashx?text=${baseUrl}index.aspx0***0c=user2***2a=topay2***2payorderid=${o.payorderid}`,
          totalprice: fenToYuan(o.totalFen),
          isshowpay: bool(true),
          student: { student_realname: first.realname, student_username: first.username },
          data: cs.list.length === 1 ? courseJson(cs.list[0]!) : cs.list.map(courseJson),
          inputtime: '2026/12/4 15:23:53',
          orderid: o.orderid,
          sellerprice: fenToYuan(o.totalFen),
          paymentlist: [
            {
              rate: '0',
              payid: '8',
              logo: `${baseUrl}sysimg/pay/alipay.png`,
              payname: '支付宝即时到账',
              isdefault: '1',
            },
            {
              rate: '1',
              payid: '14',
              logo: `${baseUrl}sysimg/pay/unionpay.png`,
              payname: '银联在线支付',
              isdefault: '0',
            },
            { rate: '1', payid: '15', logo: `${baseUrl}sysimg/pay/weixin.png`, payname: '微信支付', isdefault: '0' },
          ],
          ispay: bool(false),
          payorderid: o.payorderid,
          balance: fenToYuan(balanceFen),
        });
      }
      case 'saveSignUpOrder': {
        const id = (p['payOrderID'] ?? p['payorderid'] ?? '').trim();
        const payid = (p['payid'] ?? '').trim();
        if (!id) return no('payOrderID 参数错误');
        if (!/^\d+$/.test(payid)) return no('payid 参数错误');
        const o = orders.get(id);
        if (!o) return no('订单不存在');
        o.signUpRequests += 1;
        if (o.paid) {
          o.repeatedConfirmations += 1;
          return no('该订单已支付，请勿重复提交');
        }
        const url = `${baseUrl}index.aspx?c=user&a=topay&payorderid=${o.payorderid}&payid=${payid}`;
        if (payid === balancePayId) {
          if (balanceFen < o.totalFen) return no('机构余额不足，请在线支付', { url });
          balanceFen -= o.totalFen;
          o.paid = true;
          o.paidWith = payid;
          o.confirmCount += 1;
          return ok({ msg: '报名成功，已从机构余额扣款' });
        }
        if (counterPayIds.has(payid)) {
          o.paid = true;
          o.paidWith = payid;
          o.confirmCount += 1;
          return ok({ msg: '报名成功，已登记线下收款' });
        }
        return no('请在线支付', { url });
      }
      case 'orderInfo': {
        const id = (p['payorderid'] ?? p['payOrderID'] ?? '').trim();
        if (!id) return no('payorderid 参数错误');
        const o = orders.get(id);
        if (!o) return no('订单不存在');
        return ok({
          orderid: o.orderid,
          payorderid: o.payorderid,
          ispay: bool(o.paid),
          totalprice: fenToYuan(o.totalFen),
        });
      }
    }
  }

  function send(res: ServerResponse, status: number, text: string, type = 'application/json; charset=utf-8'): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function takeFailure(op: KesionOp): KesionFailure | null {
    if (!failure || (failure.f.op && failure.f.op !== op)) return null;
    const f = failure.f;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failure = null;
    return f;
  }

  function params(
    req: IncomingMessage,
    raw: string,
    url: URL,
  ): { p: Record<string, string>; authIn: 'query' | 'body' | 'none' } {
    const body: Record<string, string> = {};
    const text = raw.replace(/^\uFEFF/, '').trim();
    if (text.startsWith('{')) {
      try {
        for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>))
          body[k] = v === null || v === undefined ? '' : String(v);
      } catch {
        /* treated as empty */
      }
    } else if (text) for (const [k, v] of new URLSearchParams(text)) body[k] = v;
    const query = Object.fromEntries(url.searchParams);
    // ASP.NET's Request[...] reads the query string and the form alike.
    const p = { ...body, ...query };
    const authIn = query['apptoken'] !== undefined ? 'query' : body['apptoken'] !== undefined ? 'body' : 'none';
    void req;
    return { p, authIn };
  }

  const server = http.createServer((req, res) => {
    readBody(req, res, MAX_BODY, (raw, tooBig) => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const path =
        url.pathname
          .replace(/\/{2,}/g, '/')
          .replace(/\/+$/, '')
          .toLowerCase() || '/';
      if (tooBig) return send(res, 413, 'payload too large', 'text/plain');
      if (path === '/health') return send(res, 200, JSON.stringify({ ok: true, name: 'kesion-simulator' }));
      if (path.startsWith('/__control/')) return control(path, req, res, raw);
      const op = OPS[path];
      if (!op) return send(res, 404, '<html><body>404</body></html>', 'text/html; charset=utf-8');
      if (req.method !== 'POST') return send(res, 405, 'method not allowed', 'text/plain');
      requests[op] += 1;
      const { p, authIn } = params(req, raw, url);
      lastAuthIn = authIn;
      events.emit('request', { op, authIn });
      const f = takeFailure(op);
      let reply: Record<string, unknown>;
      if (!p['apptoken']) reply = no('缺少 apptoken 参数');
      else if (p['apptoken'] !== apptoken) reply = no('apptoken 无效或已过期，请重新登录');
      else if (apikey !== null && p['apikey'] !== apikey) reply = no('apikey 错误');
      else if (f?.mode === 'refuse') reply = no(f.msg);
      else if (f?.mode === 'http-5xx' && !f.processed) reply = {};
      else reply = handle(op, p);
      const answer = () => {
        if (f?.mode === 'http-5xx')
          send(
            res,
            500,
            "<html><body><h1>Server Error in '/' Application.</h1></body></html>",
            'text/html; charset=utf-8',
          );
        else if (f?.mode === 'malformed') send(res, 200, JSON.stringify(reply).slice(0, 25));
        else send(res, 200, JSON.stringify(reply));
        events.emit('answered', { op, status: f?.mode === 'http-5xx' ? 500 : 200 });
      };
      if (f?.mode === 'slow') {
        holdAnswer(res, held, f.ms, answer);
        events.emit('answered', { op, status: 'held' });
        return;
      }
      answer();
    });
  });

  function setFailure(input: KesionFailureInput | null): void {
    if (input === null) {
      failure = null;
      return;
    }
    const f = KesionFailureSchema.parse(input);
    failure = { f, remaining: f.times ?? Number.POSITIVE_INFINITY };
  }

  function payOnline(payorderid: string): boolean {
    const o = orders.get(payorderid);
    if (!o || o.paid) return false;
    o.paid = true;
    o.paidWith = 'online';
    o.confirmCount += 1;
    return true;
  }

  function ledger() {
    return { balanceFen, orders: [...orders.values()].map((o) => ({ ...o })), requests: { ...requests }, lastAuthIn };
  }

  function reset(): void {
    failure = null;
    orders.clear();
    users.clear();
    balanceFen = options.balanceFen ?? 908754;
    requests = { initialize: 0, saveBatchBill: 0, saveSignUpOrder: 0, orderInfo: 0 };
    lastAuthIn = null;
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
    if (req.method === 'POST' && path === '/__control/failure') {
      if (body['mode'] === null || body['mode'] === undefined) {
        setFailure(null);
        return send(res, 200, JSON.stringify({ ok: true, failure: null }));
      }
      const parsed = KesionFailureSchema.safeParse(body);
      if (!parsed.success) return send(res, 400, JSON.stringify({ ok: false, error: z.prettifyError(parsed.error) }));
      setFailure(parsed.data);
      return send(res, 200, JSON.stringify({ ok: true, failure: parsed.data }));
    }
    if (req.method === 'POST' && path === '/__control/pay-online') {
      const id = typeof body['payorderid'] === 'string' ? body['payorderid'] : '';
      return send(res, 200, JSON.stringify({ ok: payOnline(id) }));
    }
    return send(res, 404, JSON.stringify({ ok: false, error: `no control endpoint ${req.method} ${path}` }));
  }

  const port = await listenLocal(server, options.port ?? 0);
  baseUrl = `http://127.0.0.1:${port}/`;

  return {
    url: baseUrl,
    port,
    apptoken,
    events,
    setFailure,
    payOnline,
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
