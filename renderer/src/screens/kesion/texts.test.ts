import { describe, expect, it } from 'vitest';
import { kesionErrorText } from './texts.js';

describe('机构报名 error texts', () => {
  it('a list rule names the field as labelled, the value and the limit, in both languages', () => {
    const details = { field: 'students', rule: 'max', max: 200, value: '' };
    expect(kesionErrorText('zh-CN', { code: 'kesion-list-invalid', details })).toEqual({
      field: 'students',
      text: '学员账号：最多 200 个（去重后超过了）',
    });
    expect(
      kesionErrorText('en', {
        code: 'kesion-list-invalid',
        details: { field: 'courseIds', rule: 'numeric', value: 'x' },
      }),
    ).toEqual({ field: 'courseIds', text: 'Course/class ids: "x" is not a numeric id (digits only)' });
  });

  it("a KesionEDU refusal shows the ERP's msg verbatim after the shared text; other codes the shared text", () => {
    expect(kesionErrorText('zh-CN', { code: 'kesion-refused', details: { msg: '课程已下架' } }).text).toBe(
      '网校拒绝了请求：课程已下架',
    );
    expect(kesionErrorText('zh-CN', { code: 'kesion-unreachable' })).toEqual({
      field: null,
      text: '网校连不上或没有应答，请稍后再试',
    });
  });
});
