import { useRef, useState } from 'react';
import {
  IMPORT_PART_BYTES,
  IMPORT_PROBLEMS,
  MAX_IMPORT_FILE_BYTES,
  type ImportMode,
  type ImportPreviewView,
  type ImportProblem,
  type ImportResult,
} from '../../../../app/contract/catalog-import.js';
import { reloadQuickKeys } from '../../counter-refresh.js';
import { useS, useShowError } from './common.js';
import { ACCEPT, readBytes, sizeText, toBase64 } from './import-file.js';
import { ImportPreview } from './ImportPreview.js';
import { TemplateButtons } from './ImportTemplate.js';
import { isAppError, supCall, useSup } from './sup-store.js';
import type { SupTextKey } from './texts.js';

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
        missing: Array.isArray(d?.missing)
          ? (d.missing as string[]).map((f) => S(`import.field.${f}` as SupTextKey)).join('、')
          : '',
        line: typeof d?.line === 'number' ? d.line : '?',
      };
      showError(e, S(`import.problem.${p as ImportProblem}`, params));
    } else showError(e);
  }

  function choose(f: File | null) {
    setFile(f);
    setStage({ kind: 'idle' });
    useSup.getState().setNotice(null);
    if (f && !/\.(csv|txt|xlsx)$/i.test(f.name))
      useSup.getState().setNotice({ tone: 'error', text: S('import.badType'), code: 'invalid-input' });
    else if (f && f.size > MAX_IMPORT_FILE_BYTES)
      useSup
        .getState()
        .setNotice({ tone: 'error', text: S('import.problem.too-large', { max: maxText }), code: 'invalid-input' });
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
      requestAnimationFrame(() =>
        document.querySelector('[data-testid="import-result"]')?.scrollIntoView({ block: 'start' }),
      );
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
        text: S('import.done', {
          new: result.new,
          changed: result.changed,
          unchanged: result.unchanged,
          deactivated: result.deactivated,
          active: result.activeItems,
        }),
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
      <TemplateButtons />
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
        <ImportPreview
          p={stage.preview}
          confirming={stage.confirming}
          onApply={(confirmed) => void apply(stage.preview, confirmed)}
          onBack={() => setStage({ kind: 'preview', preview: stage.preview, confirming: false })}
        />
      )}
      {stage.kind === 'done' && (
        <div
          className="sup-import-done"
          data-testid="import-done"
          data-new={stage.result.new}
          data-changed={stage.result.changed}
        >
          <div className="sup-figures">
            {(['new', 'changed', 'unchanged', 'deactivated'] as const).map((id) => (
              <div
                key={id}
                className={`sup-figure sup-tone-${stage.result[id] > 0 && id !== 'unchanged' ? 'ok' : 'none'}`}
                data-testid={`import-done-${id}`}
                data-value={stage.result[id]}
              >
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
