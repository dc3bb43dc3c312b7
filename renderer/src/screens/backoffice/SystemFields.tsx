import { Choice, Field, Grid, TextInput } from './inputs.js';
import type { CampusDraft, Drafts, KesionDraft, XiaobaoDraft } from './setup-model.js';
import type { BoKey } from './texts.js';

/** The fields of each back office's setup section (values as text; see setup-model.ts). */
export interface SystemFieldsProps {
  B: (k: BoKey, p?: Record<string, string | number>) => string;
  drafts: Drafts;
  setDrafts: (d: Drafts) => void;
  err: (field: string) => string | undefined;
  /** The environment variable overriding a field ("xiaobao.url"), if any. */
  env: (field: string) => string | undefined;
}

/** The campus QR channels the counter can offer (main/backoffice/campus/schema.ts QR_CHANNELS). */
const CAMPUS_CHANNELS = ['alipay_qr', 'wx_pub_qr'] as const;

function envHint(p: SystemFieldsProps, field: string, hint?: string): { readOnly: boolean; hint: string | undefined } {
  const variable = p.env(field);
  return variable ? { readOnly: true, hint: p.B('envOverride', { variable }) } : { readOnly: false, hint };
}

export function XiaobaoFields(p: SystemFieldsProps) {
  const { B, drafts, err } = p;
  const x = drafts.xiaobao;
  const set = (patch: Partial<XiaobaoDraft>) => p.setDrafts({ ...drafts, xiaobao: { ...x, ...patch } });
  const text = (k: 'url' | 'accessKeyId' | 'corpId', label: BoKey, hint?: string) => (
    <TextInput
      label={B(label)}
      {...(k === 'url' ? {} : { param: k === 'corpId' ? 'corp-id' : k })}
      error={err(`xiaobao.${k}`)}
      testid={`setup-bo-xiaobao-${k}`}
      value={x[k]}
      onChange={(v) => set({ [k]: v })}
      mono={k !== 'url'}
      {...envHint(p, `xiaobao.${k}`, hint)}
    />
  );
  return (
    <>
      {text('url', 'url', B('urlHintXiaobao'))}
      <Grid>
        {text('accessKeyId', 'accessKeyId')}
        {text('corpId', 'corpId')}
        {(['schoolId', 'defaultOperatorId', 'timeoutMs'] as const).map((k) => (
          <TextInput
            key={k}
            label={B(k)}
            error={err(`xiaobao.${k}`)}
            testid={`setup-bo-xiaobao-${k}`}
            value={x[k]}
            onChange={(v) => set({ [k]: v })}
            mono
          />
        ))}
        <Choice
          label={B('signEncoding')}
          error={err('xiaobao.sign')}
          testid="setup-bo-xiaobao-encoding"
          value={x.encoding}
          options={(['hex', 'HEX', 'base64'] as const).map((v) => ({ value: v, label: B(`encoding.${v}`) }))}
          onChange={(encoding) => set({ encoding })}
        />
        <Choice
          label={B('successRule')}
          testid="setup-bo-xiaobao-success"
          value={x.success}
          options={(['code-200', 'state-0'] as const).map((v) => ({ value: v, label: B(`success.${v}`) }))}
          onChange={(success) => set({ success })}
        />
      </Grid>
      <Field label={B('operatorIds')} error={err('xiaobao.operatorIds')} hint={B('operatorIdsHint')}>
        <textarea
          className="entry-input mono"
          data-testid="setup-bo-xiaobao-operatorIds"
          rows={3}
          spellCheck={false}
          value={x.operatorIds}
          onChange={(e) => set({ operatorIds: e.target.value })}
        />
      </Field>
      <p className="hint">{B('accounts')}</p>
      <Grid>
        {(['barcode', 'cash', 'stored-value'] as const).map((k) => (
          <TextInput
            key={k}
            label={B(`account.${k}`)}
            error={err(`xiaobao.accounts.${k}`)}
            testid={`setup-bo-xiaobao-account-${k}`}
            value={x.accounts[k]}
            onChange={(v) => set({ accounts: { ...x.accounts, [k]: v } })}
          />
        ))}
      </Grid>
    </>
  );
}

export function KesionFields(p: SystemFieldsProps) {
  const { B, drafts, err } = p;
  const k = drafts.kesion;
  const set = (patch: Partial<KesionDraft>) => p.setDrafts({ ...drafts, kesion: { ...k, ...patch } });
  return (
    <>
      <TextInput
        label={B('url')}
        error={err('kesion.url')}
        testid="setup-bo-kesion-url"
        value={k.url}
        onChange={(url) => set({ url })}
        {...envHint(p, 'kesion.url', B('urlHintKesion'))}
      />
      <Grid>
        <Choice
          label={B('authPlacement')}
          testid="setup-bo-kesion-placement"
          value={k.authPlacement}
          options={(['query', 'body'] as const).map((v) => ({ value: v, label: B(`placement.${v}`) }))}
          onChange={(authPlacement) => set({ authPlacement })}
        />
        {(['balancePayId', 'counterPayId', 'orderInfoPath', 'maxIds', 'timeoutMs'] as const).map((f) => (
          <TextInput
            key={f}
            label={B(f)}
            {...(f === 'balancePayId' || f === 'counterPayId' ? { param: 'payid' } : {})}
            error={err(`kesion.${f}`)}
            testid={`setup-bo-kesion-${f}`}
            value={k[f]}
            onChange={(v) => set({ [f]: v })}
            mono
          />
        ))}
      </Grid>
    </>
  );
}

export function CampusFields(p: SystemFieldsProps) {
  const { B, drafts, err } = p;
  const c = drafts.campus;
  const set = (patch: Partial<CampusDraft>) => p.setDrafts({ ...drafts, campus: { ...c, ...patch } });
  return (
    <>
      <TextInput
        label={B('url')}
        error={err('campus.url')}
        testid="setup-bo-campus-url"
        value={c.url}
        onChange={(url) => set({ url })}
        {...envHint(p, 'campus.url', B('urlHintCampus'))}
      />
      <Grid>
        <TextInput
          label={B('controller')}
          error={err('campus.controller')}
          testid="setup-bo-campus-controller"
          value={c.controller}
          onChange={(controller) => set({ controller })}
          mono
        />
        <Choice
          label={B('amountUnit')}
          testid="setup-bo-campus-unit"
          value={c.amountUnit}
          options={(['fen', 'yuan'] as const).map((v) => ({ value: v, label: B(`unit.${v}`) }))}
          onChange={(amountUnit) => set({ amountUnit })}
        />
        <Choice
          label={B('successParam')}
          testid="setup-bo-campus-success"
          value={c.successParam}
          options={(['ids', 'userID-orderNumber'] as const).map((v) => ({ value: v, label: B(`successParam.${v}`) }))}
          onChange={(successParam) => set({ successParam })}
        />
        <TextInput
          label={B('timeoutMs')}
          error={err('campus.timeoutMs')}
          testid="setup-bo-campus-timeoutMs"
          value={c.timeoutMs}
          onChange={(timeoutMs) => set({ timeoutMs })}
          mono
        />
      </Grid>
      <Field label={B('channels')} error={err('campus.channels')}>
        <span className="setup-radios">
          {CAMPUS_CHANNELS.map((ch) => (
            <label key={ch} className="setup-inline">
              <input
                type="checkbox"
                data-testid={`setup-bo-campus-channel-${ch}`}
                checked={c.channels.includes(ch)}
                onChange={(e) =>
                  set({ channels: e.target.checked ? [...c.channels, ch] : c.channels.filter((x) => x !== ch) })
                }
              />
              {B(`channel.${ch}`)}
            </label>
          ))}
        </span>
      </Field>
    </>
  );
}
