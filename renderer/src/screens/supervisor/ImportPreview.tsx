import type { ImportChange, ImportPreviewView, ImportRowError } from '../../../../app/contract/catalog-import.js';
import { formatYuan } from '../../../../app/money.js';
import { useS } from './common.js';
import { supTextKeys, type SupTextKey } from './texts.js';

/**
 * The preview of a catalog file: the counts, every bad row with line / field / reason, the rows
 * that change, and the import button (with a confirmation when replacing deactivates items).
 */

export function ImportPreview({
  p,
  confirming,
  onApply,
  onBack,
}: {
  p: ImportPreviewView;
  confirming: boolean;
  onApply(confirmed: boolean): void;
  onBack(): void;
}) {
  const { S } = useS();
  const figures: { id: keyof ImportPreviewView['counts']; tone: string }[] = [
    { id: 'rows', tone: 'none' },
    { id: 'new', tone: p.counts.new > 0 ? 'ok' : 'none' },
    { id: 'changed', tone: p.counts.changed > 0 ? 'ok' : 'none' },
    { id: 'unchanged', tone: 'none' },
    ...(p.mode === 'replace' ? [{ id: 'deactivated' as const, tone: p.counts.deactivated > 0 ? 'warn' : 'none' }] : []),
    ...(p.counts.keyCleared > 0 ? [{ id: 'keyCleared' as const, tone: 'warn' }] : []),
    { id: 'errors', tone: p.counts.errors > 0 ? 'bad' : 'none' },
  ];
  const total = p.counts.new + p.counts.changed + p.counts.deactivated + p.counts.keyCleared;
  return (
    <section
      className="sup-import-preview"
      data-testid="import-result"
      data-can-apply={p.canApply ? 'yes' : 'no'}
      data-errors={p.counts.errors}
    >
      <h3>
        {S('import.previewOf', { name: p.fileName })}{' '}
        <span className="sup-muted">
          {p.format.toUpperCase()}
          {p.encoding ? ` · ${S('import.encoding', { encoding: p.encoding.toUpperCase() })}` : ''}
          {p.sheet ? ` · ${S('import.sheet', { sheet: p.sheet })}` : ''}
        </span>
      </h3>
      {p.encoding === 'gbk' && <p className="sup-hint">{S('import.gbk')}</p>}
      <div className="sup-figures">
        {figures.map((f) => (
          <div
            key={f.id}
            className={`sup-figure sup-tone-${f.tone}`}
            data-testid={`import-count-${f.id}`}
            data-value={p.counts[f.id]}
          >
            <div className="sup-figure-label">{S(`import.count.${f.id}`)}</div>
            <div className="sup-figure-value">{p.counts[f.id]}</div>
          </div>
        ))}
      </div>

      {p.errors.length > 0 && (
        <div className="sup-section sup-import-errors">
          <h3>{S('import.errors', { n: p.counts.errors })}</h3>
          <div className="sup-table-wrap">
            <table className="sup-table" data-testid="import-errors">
              <thead>
                <tr>
                  <th className="sup-n">{S('import.col.line')}</th>
                  <th className="sup-t">{S('import.col.field')}</th>
                  <th className="sup-t">{S('import.col.reason')}</th>
                  <th className="sup-t">{S('import.col.value')}</th>
                </tr>
              </thead>
              <tbody>
                {p.errors.map((e, i) => (
                  <tr key={i} data-testid="import-error" data-line={e.line} data-field={e.field} data-kind={e.kind}>
                    <td className="sup-n">{e.line}</td>
                    <td className="sup-t">{fieldName(S, e.field)}</td>
                    <td className="sup-t">{reasonText(S, e)}</td>
                    <td className="sup-t mono">{e.value ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.errorsTruncated && <p className="sup-muted">{S('import.errorsMore', { n: p.errors.length })}</p>}
        </div>
      )}

      {p.changes.length > 0 ? (
        <div className="sup-section">
          <h3>{S('import.changes')}</h3>
          <div className="sup-table-wrap">
            <table className="sup-table" data-testid="import-changes">
              <thead>
                <tr>
                  <th className="sup-n">{S('import.col.line')}</th>
                  <th className="sup-t">{S('import.col.change')}</th>
                  <th className="sup-t">{S('import.col.code')}</th>
                  <th className="sup-t">{S('import.col.name')}</th>
                  <th className="sup-n">{S('import.col.price')}</th>
                  <th className="sup-t">{S('import.col.field')}</th>
                </tr>
              </thead>
              <tbody>
                {p.changes.map((c) => (
                  <tr key={`${c.kind}:${c.code}`} data-testid="import-change" data-kind={c.kind} data-code={c.code}>
                    <td className="sup-n">{c.line ?? '—'}</td>
                    <td className="sup-t">{S(`import.kind.${c.kind}`)}</td>
                    <td className="sup-t mono">{c.code}</td>
                    <td className="sup-t">{c.after.name}</td>
                    <td className="sup-n">{priceText(c)}</td>
                    <td className="sup-t">{c.kind === 'new' ? '' : changedFields(S, c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.changesTruncated && <p className="sup-muted">{S('import.changesMore', { n: p.changes.length })}</p>}
        </div>
      ) : (
        p.counts.errors === 0 && (
          <p className="sup-muted" data-testid="import-nothing">
            {S('import.noChanges')}
          </p>
        )
      )}

      {p.counts.errors > 0 ? (
        <p className="sup-import-blocked" data-testid="import-blocked" role="alert">
          {S('import.blocked', { n: p.counts.errors })}
        </p>
      ) : (
        p.canApply && <p className="sup-muted">{S('import.applyHint', { n: total })}</p>
      )}
      {confirming ? (
        <div className="sup-confirm" data-testid="import-confirm">
          <p>{S('import.confirmReplace', { n: p.counts.deactivated })}</p>
          <div className="sup-actions">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="import-confirm-yes"
              autoFocus
              onClick={() => onApply(true)}
            >
              {S('import.confirmYes')}
            </button>
            <button type="button" className="btn" data-testid="import-confirm-no" onClick={onBack}>
              {S('import.confirmNo')}
            </button>
          </div>
        </div>
      ) : (
        <div className="sup-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="import-apply"
            disabled={!p.canApply}
            onClick={() => onApply(false)}
          >
            {S('import.apply')}
          </button>
        </div>
      )}
    </section>
  );
}

type STr = (k: SupTextKey, p?: Record<string, string | number>) => string;

function fieldName(S: STr, field: string): string {
  const k = `import.field.${field}`;
  return isKey(k) ? S(k) : field;
}

function reasonText(S: STr, e: ImportRowError): string {
  const k = `import.err.${e.kind}`;
  return e.kind !== 'other' && isKey(k) ? S(k, { ref: e.ref ?? '?' }) : e.reason;
}

function changedFields(S: STr, c: ImportChange): string {
  return c.fields
    .map((f) => {
      const name = fieldName(S, f);
      if (!c.before) return name;
      if (f === 'priceFen') return `${name} ${formatYuan(c.before.priceFen)} → ${formatYuan(c.after.priceFen)}`;
      if (f === 'quickKey') return `${name} ${c.before.quickKey ?? '—'} → ${c.after.quickKey ?? '—'}`;
      if (f === 'active') return c.after.active ? name : S('import.inactive');
      if (f === 'name') return `${name} ${c.before.name} → ${c.after.name}`;
      if (f === 'businessType') return `${name} ${c.before.businessType} → ${c.after.businessType}`;
      return name;
    })
    .join('；');
}

function priceText(c: ImportChange): string {
  return formatYuan(c.after.priceFen);
}

const KEYS = new Set<string>(supTextKeys('zh-CN'));
function isKey(k: string): k is SupTextKey {
  return KEYS.has(k);
}
