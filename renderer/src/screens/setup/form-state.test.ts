import { describe, expect, it } from 'vitest';
import type { SetupSettings, SetupStatus } from '../../../../app/contract/setup.js';
import { INITIAL_STATE, localCheck, saveInput, setupReducer, type SetupState } from './form-state.js';

const settings = {
  terminalNo: ' t1 ',
  businessType: 1,
  locale: 'zh-CN',
  gateway: { url: null, barCodePath: 'api/3Pay/KouDaiLQ/BarCode', queryPath: 'api/3Pay/KouDaiLQ/Query' },
  backOffice: { feedUrl: null },
  printer: { name: null, paperWidthMm: 58 },
  log: { level: 'info' },
  updates: { enabled: false, url: null },
} as unknown as SetupSettings;

const status = (over: Partial<SetupStatus> = {}) =>
  ({ needsSetup: true, supervisors: 0, settings, ...over }) as unknown as SetupStatus;

const form = (over: Partial<SetupState> = {}): SetupState => ({
  ...setupReducer(INITIAL_STATE, { type: 'loaded', status: status() }),
  ...over,
});

describe('setup form state', () => {
  it('loads the core settings into the draft and shows the form', () => {
    const s = form();
    expect(s.phase).toBe('form');
    expect(s.draft).toBe(settings);
  });

  it('changes one field of the draft, and nothing before the draft is there', () => {
    expect(setupReducer(form(), { type: 'field', key: 'terminalNo', value: 'T9' }).draft?.terminalNo).toBe('T9');
    expect(setupReducer(INITIAL_STATE, { type: 'field', key: 'terminalNo', value: 'T9' })).toBe(INITIAL_STATE);
  });

  it('after a save clears the typed secrets and supervisor, and the errors', () => {
    const typed = form({
      gatewayAuth: { value: 'Bearer x', clear: false },
      sup: { operatorNo: '9', name: 'A', pin: '1234', pin2: '1234' },
      errors: { terminalNo: 'x' },
    });
    const s = setupReducer(typed, {
      type: 'saved',
      status: status({ needsSetup: false }),
      message: { tone: 'ok', text: '已保存。' },
    });
    expect(s.gatewayAuth).toEqual({ value: '', clear: false });
    expect(s.sup).toEqual({ operatorNo: '', name: '', pin: '', pin2: '' });
    expect(s.errors).toEqual({});
    expect(s.message?.tone).toBe('ok');
  });

  it('merges and drops field errors; a language change drops them and the test result', () => {
    let s = setupReducer(form({ errors: { a: '1' } }), { type: 'errorsMerge', errors: { b: '2', c: '3' } });
    expect(s.errors).toEqual({ a: '1', b: '2', c: '3' });
    s = setupReducer(s, { type: 'errorsDrop', fields: ['a', 'c'] });
    expect(s.errors).toEqual({ b: '2' });
    expect(setupReducer(s, { type: 'localeChanged' }).errors).toEqual({});
  });

  it('a new counter needs a supervisor whose two PINs match', () => {
    const e = localCheck(form({ sup: { operatorNo: '9001', name: '王', pin: '1234', pin2: '1235' } }), 'zh-CN');
    expect(e).toEqual({ 'supervisor.pin2': '两次输入的密码不一致' });
    expect(localCheck(form(), 'en')['supervisor.operatorNo']).toBe('required');
  });

  it('sends a cleared secret as null, a typed one as text, and trims the terminal number', () => {
    const input = saveInput(
      form({ gatewayAuth: { value: '', clear: true }, feedToken: { value: 'tok', clear: false } }),
      settings,
      true,
    );
    expect(input.secrets).toEqual({ 'gateway.authorization': null, 'backOffice.token': 'tok' });
    expect(input.settings.terminalNo).toBe('t1');
    expect(input.finish).toBe(true);
    expect('supervisor' in input).toBe(false);
  });
});
