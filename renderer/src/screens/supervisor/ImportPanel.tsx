import { useRef, useState } from 'react';
import {
  IMPORT_PART_BYTES,
  IMPORT_PROBLEMS,
  MAX_IMPORT_FILE_BYTES,
  type ImportChange,
  type ImportMode,
  type ImportPreviewView,
  type ImportProblem,
  type ImportResult,
  type ImportRowError,
} from '../../../../app/contract/catalog-import.js';
import { formatYuan } from '../../../../app/money.js';
import { reloadQuickKeys } from '../../counter-refresh.js';
import { useS, useShowError } from './common.js';
import { isAppError, supCall, useSup } from './sup-store.js';
import { supTextKeys, type SupTextKey } from './texts.js';

/**
 * 商品导入: choose a CSV or XLSX file, preview what it changes (counts, the rows that change,
 * every bad row with line / field / reason), then import it all or nothing. Files over one
 * part (IMPORT_PART_BYTES) are sent in parts. Only a preview without errors can be imported.
 */

type Stage =
  | { kind: 'idle' }
  | { kind: 'working'; step: 'reading' | 'sending' | 'applying'; done?: number; total?: number }
  | { kind: 'preview'; preview: ImportPreviewView; confirming: boolean }
  | { kind: 'done'; result: ImportResult };

const ACCEPT = '.csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function readBytes(file: File): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error ?? new Error('the file could not be read'));
    r.readAsArrayBuffer(file);
  });
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) bin += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(bin);
}

export function ImportPanel() {
  const { S } = useS();
  const showError = useShowError();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('merge');
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const working = stage.kind === 'working';
  const maxText = sizeText(MAX_IMPORT_FILE_BYTES);

  /** A refused file or apply: the problem in words when main names one. */
  function fail(e: unknown) {
    const d = isAppError(e) ? e.details : undefined;
    const p = d?.problem;
    if (typeof p === 'string' && (IMPORT_PROBLEMS as readonly string[]).includes(p)) {
      const params: Record<string, string | number> = {
        max: p === 'too-large' ? maxText : String(d?.max ?? ''),
        missing: Array.isArray(d?.missing) ? (d.missing as string[]).map((f) => S(`import.field.${f}` as SupTextKey)).join('、') : '',
        line: typeof d?.line === 'number' ? d.line : '?',
      };
      showError(e, S(`import.problem.${p as ImportProblem}`, params));
    } else showError(e);
  }

  function choose(f: File | null) {
    setFile(f);
    setStage({ kind: 'idle' });
    useSup.getState().setNotice(null);
    if (f && !/\.(csv|txt|xlsx)$/i.test(f.name)) useSup.getState().setNotice({ tone: 'error', text: S('import.badType'), code: 'invalid-input' });
    else if (f && f.size > MAX_IMPORT_FILE_BYTES) useSup.getState().setNotice({ tone: 'error', text: S('import.problem.too-large', { max: maxText }), code: 'invalid-input' });
  }

  async function preview() {
    if (!file || working) return;
    if (!/\.(csv|txt|xlsx)$/i.test(file.name)) return choose(file);
    if (file.size > MAX_IMPORT_FILE_BYTES) return choose(file);
    useSup.getState().setNotice(null);
    setStage({ kind: 'working', step: 'reading' });
    try {
      const bytes = await readBytes(file);
      let view: ImportPreviewView;
      if (bytes.length <= IMPORT_PART_BYTES) {
        view = await supCall('catalog.importPreview', { fileName: file.name, mode, contentBase64: toBase64(bytes) });
      } else {
        let uploadId: string | undefined;
        for (let offset = 0; offset < bytes.length; offset += IMPORT_PART_BYTES) {
          setStage({ kind: 'working', step: 'sending', done: offset, total: bytes.length });
          const part = bytes.subarray(offset, offset + IMPORT_PART_BYTES);
          const r = await supCall('catalog.importUpload', {
            ...(uploadId ? { uploadId } : {}),
            fileName: file.name,
            totalBytes: bytes.length,
            offset,
            contentBase64: toBase64(part),
          });
          uploadId = r.uploadId;
        }
        view = await supCall('catalog.importPreview', { fileName: file.name, mode, uploadId: uploadId! });
      }
      setStage({ kind: 'preview', preview: view, confirming: false });
      requestAnimationFrame(() => document.querySelector('[data-testid="import-result"]')?.scrollIntoView({ block: 'start' }));
    } catch (e) {
      setStage({ kind: 'idle' });
      fail(e);
    }
  }

  async function apply(p: ImportPreviewView, confirmed: boolean) {
    if (!p.canApply || working) return;
    if (p.mode === 'replace' && p.counts.deactivated > 0 && !confirmed) {
      setStage({ kind: 'preview', preview: p, confirming: true });
      return;
    }
    setStage({ kind: 'working', step: 'applying' });
    try {
      const result = await supCall('catalog.importApply', { previewId: p.previewId });
      setStage({ kind: 'done', result });
      // The file is used: the next one starts from the file button.
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      useSup.getState().setNotice({
        tone: 'ok',
        text: S('import.done', { new: result.new, changed: result.changed, unchanged: result.unchanged, deactivated: result.deactivated, active: result.activeItems }),
      });
      // The counter's quick keys may have moved.
      void reloadQuickKeys();
    } catch (e) {
      // A refused apply used the preview up: preview again.
      setStage({ kind: 'idle' });
      fail(e);
    }
  }

  function again() {
    setFile(null);
    setStage({ kind: 'idle' });
    if (fileRef.current) {
      fileRef.current.value = '';
      fileRef.current.focus();
    }
  }

  return (
    <div className="sup-panel sup-import" data-testid="sup-import" data-stage={stage.kind}>
      <h2>{S('import.title')}</h2>
      <p className="sup-muted">{S('import.sub', { max: maxText })}</p>
      <form
        className="sup-import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void preview();
        }}
      >
        <div className="sup-import-file">
          <label className={`btn sup-file-btn${working ? ' sup-file-btn-off' : ''}`}>
            <input
              ref={fileRef}
              className="sup-visually-hidden"
              type="file"
              accept={ACCEPT}
              data-testid="import-file"
              autoFocus
              disabled={working}
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
            />
            {S('import.file')}
          </label>
          <span className={file ? 'sup-file-name' : 'sup-muted'} data-testid="import-chosen">
            {file ? S('import.chosen', { name: file.name, size: sizeText(file.size) }) : S('import.noFile')}
          </span>
        </div>
        <fieldset className="sup-radios sup-radios-col">
          <legend>{S('import.mode')}</legend>
          {(['merge', 'replace'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="import-mode"
                data-testid={`import-mode-${m}`}
                checked={mode === m}
                disabled={working}
                onChange={() => {
                  setMode(m);
                  if (stage.kind === 'preview') setStage({ kind: 'idle' });
                }}
              />
              {S(`import.mode.${m}`)}
            </label>
          ))}
        </fieldset>
        <div className="sup-actions">
          <button type="submit" className="btn btn-primary" data-testid="import-preview" disabled={!file || working}>
            {S('import.preview')}
          </button>
          {stage.kind === 'working' && (
            <span className="sup-muted" data-testid="import-working" data-step={stage.step}>
              {stage.step === 'sending'
                ? S('import.sending', { done: sizeText(stage.done ?? 0), total: sizeText(stage.total ?? 0) })
                : S(stage.step === 'reading' ? 'import.reading' : 'loading')}
            </span>
          )}
        </div>
      </form>
      {stage.kind === 'preview' && (
        <PreviewView
          p={stage.preview}
          confirming={stage.confirming}
          onApply={(confirmed) => void apply(stage.preview, confirmed)}
          onBack={() => setStage({ kind: 'preview', preview: stage.preview, confirming: false })}
        />
      )}
      {stage.kind === 'done' && (
        <div className="sup-import-done" data-testid="import-done" data-new={stage.result.new} data-changed={stage.result.changed}>
          <div className="sup-figures">
            {(['new', 'changed', 'unchanged', 'deactivated'] as const).map((id) => (
              <div key={id} className={`sup-figure sup-tone-${stage.result[id] > 0 && id !== 'unchanged' ? 'ok' : 'none'}`} data-testid={`import-done-${id}`} data-value={stage.result[id]}>
                <div className="sup-figure-label">{S(`import.count.${id}`)}</div>
                <div className="sup-figure-value">{stage.result[id]}</div>
              </div>
            ))}
          </div>
          <button type="button" className="btn" data-testid="import-again" onClick={again}>
            {S('import.again')}
          </button>
        </div>
      )}
    </div>
  );
}

function PreviewView({ p, confirming, onApply, onBack }: { p: ImportPreviewView; confirming: boolean; onApply(confirmed: boolean): void; onBack(): void }) {
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
    <section className="sup-import-preview" data-testid="import-result" data-can-apply={p.canApply ? 'yes' : 'no'} data-errors={p.counts.errors}>
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
          <div key={f.id} className={`sup-figure sup-tone-${f.tone}`} data-testid={`import-count-${f.id}`} data-value={p.counts[f.id]}>
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
            <button type="button" className="btn btn-primary" data-testid="import-confirm-yes" autoFocus onClick={() => onApply(true)}>
              {S('import.confirmYes')}
            </button>
            <button type="button" className="btn" data-testid="import-confirm-no" onClick={onBack}>
              {S('import.confirmNo')}
            </button>
          </div>
        </div>
      ) : (
        <div className="sup-actions">
          <button type="button" className="btn btn-primary" data-testid="import-apply" disabled={!p.canApply} onClick={() => onApply(false)}>
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
