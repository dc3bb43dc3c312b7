import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { CampusStudent } from '../../../../app/contract/campus.js';
import { formatYuan } from '../../../../app/money.js';
import { call } from '../../actions/connection.js';
import { errorText } from '../../i18n/index.js';
import { photoSrc } from './photo.js';
import { useC } from './texts.js';

type Channel = 'alipay_qr' | 'wx_pub_qr';

export interface StartRequest {
  student: CampusStudent;
  type: 0 | 1;
  payType: 0 | 1;
  payMoneyType: 0 | 1 | 2;
  itemIDs: string[];
  channel: Channel;
}

/** The first step: the student (typed or card swipe), the packages, how the payer pays. */
export function CampusForm({
  channels,
  busy,
  onStart,
  scanRef,
}: {
  channels: Channel[];
  busy: boolean;
  onStart(r: StartRequest): void;
  /** Where the dialog hands a scan: it becomes the user id and is looked up. */
  scanRef: MutableRefObject<((text: string) => void) | null>;
}) {
  const { C, locale } = useC();
  const [userId, setUserId] = useState('');
  const [type, setType] = useState<0 | 1>(0);
  const [payType, setPayType] = useState<0 | 1>(0);
  const [student, setStudent] = useState<CampusStudent | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [payMoneyType, setPayMoneyType] = useState<0 | 1 | 2>(0);
  const [channel, setChannel] = useState<Channel>(channels[0] ?? 'alipay_qr');
  const [error, setError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLInputElement>(null);
  // The form appears once campus.status has answered, after the dialog's own first focus.
  useEffect(() => field.current?.focus(), []);

  useEffect(() => {
    scanRef.current = (text) => {
      setUserId(text.trim().slice(0, 32));
      void lookup({ type, payType }, text);
    };
    return () => {
      scanRef.current = null;
    };
  });

  async function lookup(next: { type: 0 | 1; payType: 0 | 1 } = { type, payType }, scanned?: string) {
    const id = (scanned ?? userId).trim().slice(0, 32);
    setError(null);
    if (id === '') {
      setError(C('emptyUserId'));
      return;
    }
    setLooking(true);
    const r = await call(
      'campus.lookup',
      { userID: id, ...next },
      { onError: (e) => (setError(errorText(locale, e)), true) },
    );
    setLooking(false);
    setStudent(r);
    setPicked([]);
    if (r) requestAnimationFrame(() => list.current?.querySelector<HTMLElement>('button')?.focus());
  }

  function toggle(id: string) {
    if (!student) return;
    if (student.selectType === 'single') setPicked([id]);
    else setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  }

  function choose<T>(set: (v: T) => void, v: T, relook?: { type: 0 | 1; payType: 0 | 1 }) {
    set(v);
    if (relook && student) void lookup(relook);
  }

  const total = student ? student.items.filter((i) => picked.includes(i.id)).reduce((s, i) => s + i.valueFen, 0) : 0;
  const photo = student ? photoSrc(student.photo, window.location.origin) : null;

  function confirm() {
    if (!student) return;
    if (picked.length === 0) {
      setError(C('pickOne'));
      return;
    }
    onStart({ student, type, payType, payMoneyType, itemIDs: picked, channel });
  }

  const seg = <T extends string | number>(
    label: string,
    values: readonly T[],
    current: T,
    text: (v: T) => string,
    pick: (v: T) => void,
    testid: string,
  ) => (
    <div className="campus-row">
      <span className="campus-label">{label}</span>
      <div className="campus-choices" role="radiogroup" aria-label={label}>
        {values.map((v) => (
          <button
            key={v}
            type="button"
            className={`btn ${current === v ? 'btn-selected' : ''}`}
            aria-pressed={current === v}
            data-testid={`${testid}-${v}`}
            onClick={() => pick(v)}
          >
            {text(v)}
          </button>
        ))}
      </div>
    </div>
  );

  return (
    <div className="campus-form">
      {seg(
        C('kind.label'),
        [0, 1] as const,
        type,
        (v) => C(`kind.${v}`),
        (v) => choose(setType, v, { type: v, payType }),
        'campus-kind',
      )}
      {seg(
        C('payType.label'),
        [0, 1] as const,
        payType,
        (v) => C(`payType.${v}`),
        (v) => choose(setPayType, v, { type, payType: v }),
        'campus-paytype',
      )}
      <label className="campus-row">
        <span className="campus-label">{C('userId')}</span>
        <input
          className="field"
          data-autofocus
          ref={field}
          data-testid="campus-user-id"
          value={userId}
          maxLength={32}
          autoComplete="off"
          placeholder={C('userIdHint')}
          onChange={(e) => setUserId(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void lookup();
            }
          }}
        />
        <button type="button" className="btn" disabled={looking} onClick={() => void lookup()}>
          {C('lookup')}
        </button>
      </label>
      {student && (
        <div className="campus-student" data-testid="campus-student">
          {photo ? (
            <img className="campus-photo" src={photo} alt={C('photo')} />
          ) : (
            <div className="campus-photo campus-photo-none" data-testid="campus-photo-none">
              {C('noPhoto')}
            </div>
          )}
          <dl>
            <dt>{C('name')}</dt>
            <dd data-testid="campus-name">{student.empName}</dd>
            <dt>{C('cardNo')}</dt>
            <dd data-testid="campus-card">{student.cardNo}</dd>
          </dl>
        </div>
      )}
      {student && (
        <div className="campus-items" ref={list} data-testid="campus-items">
          <p className="campus-muted">{C(student.selectType === 'single' ? 'select.single' : 'select.multiple')}</p>
          {student.items.length === 0 && <p>{C('noPackages')}</p>}
          {student.items.map((i) => (
            <button
              key={i.id}
              type="button"
              className={`campus-item ${picked.includes(i.id) ? 'campus-item-on' : ''}`}
              aria-pressed={picked.includes(i.id)}
              data-testid={`campus-item-${i.id}`}
              onClick={() => toggle(i.id)}
            >
              <span className="campus-check">{picked.includes(i.id) ? '☑' : '☐'}</span>
              <span className="campus-item-name">{i.name}</span>
              <span className="campus-item-price">{i.priceText || formatYuan(i.valueFen)}</span>
            </button>
          ))}
        </div>
      )}
      {student && (
        <>
          {seg(
            C('payMoneyType.label'),
            [0, 1, 2] as const,
            payMoneyType,
            (v) => C(`payMoneyType.${v}`),
            setPayMoneyType,
            'campus-paymoney',
          )}
          {seg(C('channel.label'), channels, channel, (v) => C(`channel.${v}`), setChannel, 'campus-channel')}
          <div className="campus-row campus-total">
            <span>
              {C('total')} <strong data-testid="campus-total">{formatYuan(total)}</strong>
            </span>
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || picked.length === 0}
              onClick={confirm}
              data-testid="campus-confirm"
            >
              {C('confirm')}
            </button>
          </div>
        </>
      )}
      {error && (
        <p className="campus-error" role="alert" data-testid="campus-form-error">
          {error}
        </p>
      )}
    </div>
  );
}
