import { useEffect, useRef, useState } from 'react';
import type { RecoveryBackup, RecoveryInfo, RestoreResult } from '../../../../app/contract/recovery.js';
import type { DiagnosticsExport } from '../../../../app/contract/setup.js';
import { toggleLocale } from '../../actions.js';
import { useT } from '../../i18n/useT.js';
import { invoke, shellKind } from '../../invoke.js';
import { useRecoveryStore } from './store.js';
import { formatBytes, localDateTime, recoveryText, type RecoveryLocale, type RecoveryTextKey } from './texts.js';
import './recovery.css';

/**
 * The recovery screen (恢复页面): shown instead of everything else when the core could not start
 * (a damaged ledger, a ledger from a newer version, an invalid config.json, anything else). Says
 * what happened in words an installer understands, where the data folder is, which backups exist,
 * restores one on request (the damaged ledger is kept in damaged/), and how to restart.
 * Talks only to the recovery commands of the contract (app/contract/recovery.ts).
 */
export interface RecoveryScreenProps {
  info: RecoveryInfo;
}

type Busy = null | 'restore' | 'export' | 'relaunch';

function sep(dataDir: string): string {
  return dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
}

export function RecoveryScreen({ info }: RecoveryScreenProps) {
  const { locale } = useT();
  const l = locale as RecoveryLocale;
  const t = (key: RecoveryTextKey, params?: Record<string, string | number>) => recoveryText(l, key, params);
  const [confirming, setConfirming] = useState<RecoveryBackup | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<DiagnosticsExport | null>(null);
  const restored: RestoreResult | null = info.restored;
  const confirmRef = useRef<HTMLButtonElement>(null);
  const damagedDir = `${info.dataDir}${sep(info.dataDir)}damaged`;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const code = info.code.replace(/-/g, '_') as
    'store_corrupt' | 'store_too_new' | 'config_invalid' | 'other' | 'data_folder_unwritable';
  const todoKey: RecoveryTextKey =
    info.code === 'store-corrupt' && info.backups.length === 0
      ? 'todo_store_corrupt_nobackup'
      : (`todo_${code}` as RecoveryTextKey);
  const severe = info.code === 'store-corrupt' || info.code === 'other' || info.code === 'data-folder-unwritable';
  const restoredBackup = restored ? info.backups.find((b) => b.file === restored.restoredFrom) : undefined;

  async function restore(backup: RecoveryBackup): Promise<void> {
    setBusy('restore');
    setError(null);
    const r = await invoke('recovery.restore', { backupFile: backup.file });
    setBusy(null);
    setConfirming(null);
    if (r.ok) {
      // Re-read: the info now carries the restore and no longer offers another one.
      const again = await invoke('recovery.info', {});
      if (again.ok && again.value) useRecoveryStore.setState({ info: again.value });
      else useRecoveryStore.setState({ info: { ...info, restored: r.value, canRestore: false } });
      return;
    }
    const reason = (r.error.details as { reason?: string } | undefined)?.reason;
    setError(
      reason === 'backup-damaged'
        ? t('backupDamaged')
        : t('restoreFailed', { reason: r.error.message ?? r.error.code }),
    );
  }

  async function exportDiagnostics(): Promise<void> {
    setBusy('export');
    setError(null);
    const r = await invoke('recovery.exportDiagnostics', {});
    setBusy(null);
    if (r.ok) setExported(r.value);
    else setError(t('exportFailed', { reason: r.error.message ?? r.error.code }));
  }

  async function relaunch(): Promise<void> {
    setBusy('relaunch');
    const r = await invoke('recovery.relaunch', {});
    if (!r.ok || !r.value.relaunching) setBusy(null);
  }

  return (
    <div className="app recovery" data-testid="app-root" data-screen="recovery" data-hydrated="yes">
      <main
        className="recovery-page"
        data-testid="recovery-screen"
        data-code={info.code}
        data-restored={restored ? 'yes' : 'no'}
      >
        <header
          className={`recovery-head ${restored ? 'recovery-head-ok' : severe ? 'recovery-head-bad' : 'recovery-head-warn'}`}
        >
          <span className="recovery-icon" aria-hidden="true">
            {restored ? '✓' : '!'}
          </span>
          <h1 className="recovery-title" data-testid="recovery-title">
            {restored ? t('restoredTitle') : t(`title_${code}` as RecoveryTextKey)}
          </h1>
          <button type="button" className="btn recovery-lang" data-testid="recovery-lang" onClick={toggleLocale}>
            {t('language')}
          </button>
        </header>

        {restored ? (
          <section className="recovery-card recovery-ok" data-testid="recovery-restored">
            <p>{t('restoredBody', { time: localDateTime(restoredBackup?.at ?? restored.at) })}</p>
            <p>{t('restoredKept')}</p>
            <ul className="recovery-paths">
              {restored.damagedFiles.map((f) => (
                <li key={f}>
                  <code data-testid="recovery-damaged-file">{f}</code>
                </li>
              ))}
            </ul>
            {shellKind() === 'electron' ? (
              <>
                <p className="recovery-restart" data-testid="recovery-restart-hint">
                  {t('restartElectron')}
                </p>
                <button
                  type="button"
                  className="btn btn-primary btn-wide"
                  data-testid="recovery-restart-btn"
                  disabled={busy === 'relaunch'}
                  onClick={() => void relaunch()}
                >
                  {busy === 'relaunch' ? t('restarting') : t('restartButton')}
                </button>
              </>
            ) : (
              <p className="recovery-restart" data-testid="recovery-restart-hint">
                {t('restartBrowser')}
              </p>
            )}
          </section>
        ) : (
          <section className="recovery-card">
            <p className="recovery-what" data-testid="recovery-what">
              {t(`what_${code}` as RecoveryTextKey)}
            </p>
            <p className="recovery-todo" data-testid="recovery-todo">
              {t(todoKey)}
            </p>
          </section>
        )}

        <section className="recovery-card recovery-where">
          <dl>
            <dt>{t('dataDir')}</dt>
            <dd>
              <code data-testid="recovery-datadir">{info.dataDir}</code>
            </dd>
            {info.code === 'data-folder-unwritable' ? (
              <>
                <dt>{t('unwritablePath')}</dt>
                <dd>
                  <code data-testid="recovery-unwritable">{info.details.file ?? info.dataDir}</code>
                </dd>
              </>
            ) : info.code === 'config-invalid' ? (
              <>
                <dt>{t('configFile')}</dt>
                <dd>
                  <code>{info.details.file ?? ''}</code>
                </dd>
              </>
            ) : (
              <>
                <dt>{t('ledgerFile')}</dt>
                <dd>
                  <code>{info.ledgerFile}</code>
                </dd>
              </>
            )}
            {info.details.dbVersion !== null && info.details.appVersion !== null && (
              <>
                <dt />
                <dd>{t('versions', { db: info.details.dbVersion, app: info.details.appVersion })}</dd>
              </>
            )}
          </dl>
        </section>

        {info.code !== 'config-invalid' && info.code !== 'data-folder-unwritable' && !restored && (
          <section className="recovery-card" data-testid="recovery-backups" data-count={info.backups.length}>
            <h2>{t('backups')}</h2>
            {info.backups.length === 0 ? (
              <p className="recovery-muted">
                {t('backupsNone')} {t('backupsHint')}
              </p>
            ) : (
              <table className="recovery-table">
                <thead>
                  <tr>
                    <th>{t('colTime')}</th>
                    <th>{t('colKind')}</th>
                    <th>{t('colSize')}</th>
                    {info.canRestore && <th />}
                  </tr>
                </thead>
                <tbody>
                  {info.backups.map((b, i) => (
                    <tr key={b.file} data-testid="recovery-backup-row" data-file={b.file} data-kind={b.kind}>
                      <td className="recovery-time">
                        {localDateTime(b.at)}
                        {i === 0 && <span className="recovery-newest">{t('newest')}</span>}
                      </td>
                      <td>{t(`kind_${b.kind}` as RecoveryTextKey)}</td>
                      <td className="recovery-size">{formatBytes(b.bytes)}</td>
                      {info.canRestore && (
                        <td>
                          <button
                            type="button"
                            className={`btn ${i === 0 ? 'btn-primary' : ''}`}
                            data-testid="recovery-restore-btn"
                            disabled={busy !== null}
                            onClick={() => {
                              setError(null);
                              setConfirming(b);
                            }}
                          >
                            {t('restore')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}

        {error && (
          <p className="recovery-error" role="alert" data-testid="recovery-error">
            {error}
          </p>
        )}

        <section className="recovery-card">
          <p>{t('support')}</p>
          {/* The diagnostics zip is written into the data folder: pointless when it cannot be written. */}
          {info.code !== 'data-folder-unwritable' && (
            <button
              type="button"
              className="btn"
              data-testid="recovery-export"
              disabled={busy !== null}
              onClick={() => void exportDiagnostics()}
            >
              {busy === 'export' ? t('exporting') : t('exportDiag')}
            </button>
          )}
          {exported && (
            <p className="recovery-muted" data-testid="recovery-exported">
              {t('exported', { file: exported.file })}
            </p>
          )}
          <details className="recovery-details">
            <summary>{t('problems')}</summary>
            <p>
              {t('message')}: <code>{info.message}</code>
            </p>
            <ul data-testid="recovery-problems">
              {info.details.problems.map((p, i) => (
                <li key={i}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
          </details>
          <p className="recovery-muted">{t('version', { v: info.version })}</p>
        </section>
      </main>

      {confirming && (
        <div
          className="recovery-overlay"
          role="dialog"
          aria-modal="true"
          aria-labelledby="recovery-confirm-title"
          data-testid="recovery-confirm"
        >
          <div className="recovery-dialog">
            <h2 id="recovery-confirm-title">{t('confirmTitle')}</h2>
            <p>{t('confirmBody', { time: localDateTime(confirming.at) })}</p>
            <p className="recovery-kept">{t('confirmKept', { dir: damagedDir })}</p>
            <p>{t('confirmLoss', { time: localDateTime(confirming.at) })}</p>
            <p className="recovery-muted">{t('confirmCheck')}</p>
            <div className="recovery-actions">
              <button
                type="button"
                className="btn"
                data-testid="recovery-confirm-cancel"
                disabled={busy !== null}
                onClick={() => setConfirming(null)}
              >
                {t('cancel')}
              </button>
              <button
                ref={confirmRef}
                type="button"
                className="btn btn-danger"
                data-testid="recovery-confirm-yes"
                disabled={busy !== null}
                onClick={() => void restore(confirming)}
              >
                {busy === 'restore' ? t('restoring') : t('confirmYes')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
