import { describe, expect, it } from 'vitest';
import type { BackOfficeSetup } from '../../../../app/contract/backoffice.js';
import { draftsOf, fieldErrorsOf, limitText, secretChanges, settingsOf } from './setup-model.js';

const SAVED: BackOfficeSetup = {
  xiaobao: {
    url: 'https://erp.example.cn/open-erp',
    accessKeyId: 'ak',
    corpId: 'corp',
    schoolId: 3,
    operatorIds: [{ operatorNo: '1001', operatorId: 7 }],
    defaultOperatorId: null,
    sign: { encoding: 'hex', success: 'code-200' },
    accounts: { barcode: '扫码支付', cash: '现金', 'stored-value': '储值卡' },
    timeoutMs: 10_000,
  },
  kesion: {
    url: null,
    authPlacement: 'query',
    balancePayId: '0',
    counterPayId: null,
    orderInfoPath: 'webapi/school/getorderinfo',
    maxIds: 200,
    timeoutMs: 15_000,
  },
  campus: {
    url: null,
    controller: 'api/Pay',
    amountUnit: 'fen',
    successParam: 'ids',
    channels: ['alipay_qr', 'wx_pub_qr'],
    timeoutMs: 15_000,
  },
};

describe('back-office setup form model', () => {
  it('round-trips the saved values through the drafts', () => {
    expect(settingsOf(draftsOf(SAVED), 'zh-CN')).toEqual({ settings: SAVED, errors: {} });
  });

  it('names a bad mapping line and a non-number in the screen’s language', () => {
    const d = draftsOf(SAVED);
    d.xiaobao.operatorIds = '1001=7\n9001\n';
    d.xiaobao.schoolId = '3a';
    d.campus.channels = [];
    const { errors } = settingsOf(d, 'zh-CN');
    expect(errors).toEqual({
      'xiaobao.operatorIds': '第 2 行格式不对，应为 工号=经办人ID',
      'xiaobao.schoolId': '请输入整数',
      'campus.channels': '请至少选择一个收款渠道',
    });
    expect(settingsOf(d, 'en').errors['xiaobao.schoolId']).toBe('Enter a whole number');
  });

  it('turns the core’s limits into Chinese, keyed by the form’s fields', () => {
    expect(
      fieldErrorsOf(
        [
          { field: 'settings.xiaobao.timeoutMs', message: 'at most 60000 ms' },
          { field: 'xiaobao.operatorIds.1.operatorNo', message: 'operator number listed twice' },
          { field: 'settings.kesion.url', message: 'must start with http:// or https://' },
        ],
        'zh-CN',
      ),
    ).toEqual({
      'xiaobao.timeoutMs': '不能大于 60000',
      'xiaobao.operatorIds': '收银员工号重复',
      'kesion.url': '请填写以 http:// 或 https:// 开头的地址',
    });
    expect(limitText('zh-CN', 'at most 200 characters')).toBe('最多 200 个字符');
    expect(limitText('en', 'at most 200 characters')).toBe('at most 200 characters');
  });

  it('sends only this system’s secrets: typed → value, 清除 → null, untouched → absent', () => {
    const drafts = {
      'xiaobao.accessKeySecret': { value: ' s3 ', clear: false },
      'kesion.apptoken': { value: '', clear: true },
      'kesion.apikey': { value: '', clear: false },
    };
    expect(secretChanges('xiaobao', drafts)).toEqual({ 'xiaobao.accessKeySecret': 's3' });
    expect(secretChanges('kesion', drafts)).toEqual({ 'kesion.apptoken': null });
    expect(secretChanges('campus', drafts)).toEqual({});
  });
});
