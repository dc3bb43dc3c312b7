import { useEffect, useState } from 'react';
import type { XiaobaoPostingView } from '../../../../app/contract/xiaobao.js';
import { formatYuan } from '../../../../app/money.js';
import { formatLocalTime } from '../../../../app/receipt/receipt.js';
import { invoke, onEvent } from '../../invoke.js';
import { useX } from './texts.js';

/** Today's postings of this counter (and any not posted yet), live: 已入账 / 入账中 / 待核实 / 失败 + what to do. */
export function Postings({ stuInfoId }: { stuInfoId?: number }) {
  const { X } = useX();
  const [rows, setRows] = useState<XiaobaoPostingView[] | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const r = await invoke('xiaobao.postings', stuInfoId === undefined ? {} : { stuInfoId });
      if (alive && r.ok) setRows(r.value.postings);
    };
    void load();
    const off = onEvent('xiaobao.posting.changed', () => void load());
    return () => {
      alive = false;
      off();
    };
  }, [stuInfoId]);
  if (rows === null) return null;
  return (
    <section className="xb-postings" data-testid="xb-postings">
      <h3>{X('postings.title')}</h3>
      {rows.length === 0 ? (
        <p className="hint">{X('postings.none')}</p>
      ) : (
        <ul>
          {rows.map((p) => (
            <li key={p.billNo} data-testid="xb-posting" data-bill-no={p.billNo} data-state={p.state}>
              <span className="xb-posting-time">{formatLocalTime(p.createdAt).slice(-8, -3)}</span>
              <span>{X(`kind.${p.kind}`)}</span>
              <span className="xb-posting-name">{p.stuName}</span>
              <span className="xb-posting-no" title={p.billNo}>
                {p.billNo.slice(-4)}
              </span>
              <span className="xb-amount">{formatYuan(p.amountFen)}</span>
              <span className={`xb-state xb-state-${p.state}`} data-testid="xb-posting-state">
                {X(`state.${p.state}`)}
              </span>
              <span className="xb-todo">{X(`todo.${p.state}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
