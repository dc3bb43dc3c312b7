import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { XiaobaoStudent } from '../../../../app/contract/xiaobao.js';
import { formatYuan } from '../../../../app/money.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { Postings } from './Postings.js';
import { useXiaobaoScan } from './scan-handoff.js';
import { useX } from './texts.js';

/** The finder: a name or student id (typed or scanned) → students from the ERP's recent orders. */
export function FindView({
  query,
  setQuery,
  onOpen,
}: {
  query: string;
  setQuery: (q: string) => void;
  onOpen: (s: XiaobaoStudent) => void;
}) {
  const { X, locale } = useX();
  const [result, setResult] = useState<{ q: string; students: XiaobaoStudent[]; days: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const seq = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  const scanSeq = useXiaobaoScan((s) => s.seq);

  const search = useCallback(
    async (q: string, autoOpen = true) => {
      const text = q.trim();
      if (text === '') {
        input.current?.focus();
        return;
      }
      const n = ++seq.current;
      setBusy(true);
      const r = await invoke('xiaobao.students', { query: text });
      if (n !== seq.current) return;
      setBusy(false);
      if (r.ok) {
        setResult({ q: text, students: r.value.students, days: r.value.searchedDays });
        setCursor(0);
        setProblem(null);
        // A scanned or typed id that matches exactly one student opens the card at once.
        const only = r.value.students.length === 1 ? r.value.students[0] : undefined;
        if (autoOpen && only && String(only.stuInfoId) === text) onOpen(only);
      } else setProblem(errorText(locale, r.error));
    },
    [locale, onOpen],
  );

  useEffect(() => {
    if (scanSeq === 0) return;
    const text = useXiaobaoScan.getState().text;
    setQuery(text);
    void search(text);
  }, [scanSeq, search, setQuery]);

  useEffect(() => {
    useXiaobaoScan.getState().setFinder(true);
    return () => useXiaobaoScan.getState().setFinder(false);
  }, []);

  useEffect(() => {
    // Coming back from a card: the previous list, not a blank one.
    if (query.trim() !== '' && result === null) void search(query, false);
    input.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const rows = result?.students ?? [];
  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setCursor((c) => Math.max(0, Math.min(rows.length - 1, c + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      // Enter on the text it already found opens the highlighted student; new text searches.
      if (result && result.q === query.trim() && rows[cursor]) onOpen(rows[cursor]!);
      else void search(query);
    }
  }

  return (
    <div className="xb-find" onKeyDown={onKey}>
      <label className="xb-field xb-field-wide">
        <span>{X('find.label')}</span>
        <div className="xb-row">
          <input
            ref={input}
            className="xb-input"
            data-testid="xb-query"
            data-autofocus
            autoComplete="off"
            maxLength={40}
            placeholder={X('find.placeholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="button" className="btn" data-testid="xb-search" onClick={() => void search(query)}>
            {X('find.search')} <kbd>Enter</kbd>
          </button>
        </div>
      </label>
      {problem && (
        <p className="xb-problem" role="alert" data-testid="xb-problem">
          {problem}
        </p>
      )}
      {busy && <p className="hint">{X('find.searching')}</p>}
      {result && rows.length === 0 && !busy && (
        <p className="hint" data-testid="xb-none">
          {X('find.none', { days: result.days })}
        </p>
      )}
      {rows.length > 0 && (
        <div className="xb-list">
          <table className="xb-table" data-testid="xb-students">
            <thead>
              <tr>
                <th>{X('col.name')}</th>
                <th>{X('col.id')}</th>
                <th>{X('col.school')}</th>
                <th className="num">{X('col.arrears')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s, i) => (
                <tr
                  key={s.stuInfoId}
                  className={i === cursor ? 'xb-selected' : ''}
                  data-testid="xb-student-row"
                  data-id={s.stuInfoId}
                  onClick={() => onOpen(s)}
                >
                  <td>{s.name}</td>
                  <td>{s.stuInfoId}</td>
                  <td>{s.schoolName ?? '—'}</td>
                  <td className="num">{formatYuan(s.arrearsFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && <p className="hint">{X('find.hint', { days: result.days })}</p>}
      <Postings />
    </div>
  );
}
