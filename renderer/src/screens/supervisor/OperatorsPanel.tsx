import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  PERMISSIONS,
  type OperatorRow,
  type OperatorsView,
  type Permission,
} from '../../../../app/contract/operators.js';
import { Loading, useS, useShowError } from './common.js';
import { AddOperatorForm, formatWhen, ResetPinForm, type NewOperator } from './OperatorForms.js';
import { supCall, useSup } from './sup-store.js';
import { DiscountSettingsPanel } from '../discounts/DiscountSettingsPanel.js';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'reset'; op: OperatorRow };

/** Permissions no command uses yet (none since the discount commands, app/contract/discounts.ts). */
const LATER: ReadonlySet<Permission> = new Set<Permission>();

/**
 * 操作员: the operators of this counter and the cashier role's permissions. Keyboard: ↑↓ pick
 * an operator, Enter goes to its actions (←→ between them, Esc back), N adds, D disables or
 * enables, R resets the PIN, U unlocks, S switches the role. Main refuses what would leave the
 * counter without an active supervisor and audits every change.
 */
export function OperatorsPanel() {
  const { S } = useS();
  const showError = useShowError();
  const [data, setData] = useState<OperatorsView | null>(null);
  const [sel, setSel] = useState(0);
  const [mode, setModeState] = useState<Mode>({ kind: 'list' });
  const setMode = useCallback((m: Mode) => {
    if (m.kind !== 'list') useSup.getState().setNotice(null);
    setModeState(m);
  }, []);
  const [working, setWorking] = useState(false);
  const listRef = useRef<HTMLTableSectionElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    supCall('operators.list', {}).then(setData, showError);
  }, [showError]);
  const loaded = data !== null;
  useEffect(() => {
    if (loaded) listRef.current?.focus();
  }, [loaded]);

  const ops = data?.operators ?? [];
  const current = ops[Math.min(sel, ops.length - 1)] ?? null;
  const who = (o: OperatorRow) => ({ name: o.name, no: o.operatorNo });

  const run = useCallback(
    async (work: () => Promise<OperatorsView>, done: (v: OperatorsView) => string) => {
      if (working) return;
      setWorking(true);
      try {
        const v = await work();
        setData(v);
        setMode({ kind: 'list' });
        useSup.getState().setNotice({ tone: 'ok', text: done(v) });
        requestAnimationFrame(() => listRef.current?.focus());
      } catch (e) {
        showError(e);
      } finally {
        setWorking(false);
      }
    },
    [working, showError, setMode],
  );

  const toggleActive = (o: OperatorRow) =>
    run(
      () => supCall('operators.setActive', { operatorNo: o.operatorNo, active: !o.active }),
      () => S(o.active ? 'ops.done.disable' : 'ops.done.enable', who(o)),
    );
  const toggleRole = (o: OperatorRow) => {
    const role = o.role === 'cashier' ? 'supervisor' : 'cashier';
    return run(
      () => supCall('operators.setRole', { operatorNo: o.operatorNo, role }),
      () => S('ops.done.role', { ...who(o), role: S(`ops.role.${role}`) }),
    );
  };
  const unlock = (o: OperatorRow) => {
    if (o.lockedUntil === null) {
      useSup.getState().setNotice({ tone: 'warn', text: S('ops.notLockedOut', who(o)) });
      return;
    }
    void run(
      () => supCall('operators.unlock', { operatorNo: o.operatorNo }),
      () => S('ops.done.unlock', who(o)),
    );
  };
  const add = (n: NewOperator) =>
    run(
      async () => {
        const v = await supCall('operators.add', n);
        setSel(
          Math.max(
            0,
            v.operators.findIndex((o) => o.operatorNo === n.operatorNo),
          ),
        );
        return v;
      },
      () => S('ops.done.add', { role: S(`ops.role.${n.role}`), name: n.name, no: n.operatorNo }),
    );
  const setGrant = (permission: Permission, granted: boolean) =>
    run(
      () => supCall('permissions.set', { role: 'cashier', permission, granted }),
      () => S('ops.done.perm'),
    );

  /** Letter keys act on the selected operator, from the list or its action buttons. */
  function shortcut(e: KeyboardEvent): boolean {
    if (e.altKey || e.ctrlKey || e.metaKey) return false;
    const k = e.key.toLowerCase();
    if (k === 'n') setMode({ kind: 'add' });
    else if (!current) return false;
    else if (k === 'd') void toggleActive(current);
    else if (k === 'r') setMode({ kind: 'reset', op: current });
    else if (k === 'u') unlock(current);
    else if (k === 's') void toggleRole(current);
    else return false;
    e.preventDefault();
    return true;
  }

  function onListKey(e: KeyboardEvent<HTMLTableSectionElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setSel((i) => Math.min(Math.max(0, i + d), Math.max(0, ops.length - 1)));
    } else if (e.key === 'Enter' && current) {
      e.preventDefault();
      actionsRef.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    } else shortcut(e);
  }

  function onActionsKey(e: KeyboardEvent<HTMLDivElement>) {
    const buttons = [...(actionsRef.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = buttons[(i + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
      next?.focus();
    } else if (e.key === 'Escape' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      listRef.current?.focus();
    } else shortcut(e);
  }

  if (!data) return <Loading />;
  const cashierGrants = new Set(data.grants.cashier);

  return (
    <div className="sup-panel ops-panel" data-testid="sup-operators">
      <div className="ops-head">
        <h2>{S('ops.title')}</h2>
        <span className="sup-muted ops-keys">{S('ops.keys')}</span>
      </div>
      {mode.kind === 'add' && (
        <AddOperatorForm working={working} onSave={(n) => void add(n)} onCancel={() => setMode({ kind: 'list' })} />
      )}
      {mode.kind === 'reset' && (
        <ResetPinForm
          who={mode.op}
          working={working}
          onCancel={() => setMode({ kind: 'list' })}
          onSave={(newPin, newPinRepeat) =>
            void run(
              () => supCall('operators.resetPin', { operatorNo: mode.op.operatorNo, newPin, newPinRepeat }),
              () => S('ops.done.reset', who(mode.op)),
            )
          }
        />
      )}
      <div className="sup-table-wrap">
        <table className="sup-table ops-table">
          <thead>
            <tr>
              <th className="sup-t">{S('ops.col.no')}</th>
              <th className="sup-t">{S('ops.col.name')}</th>
              <th className="sup-t">{S('ops.col.role')}</th>
              <th className="sup-t">{S('ops.col.active')}</th>
              <th className="sup-t">{S('ops.col.locked')}</th>
              <th className="sup-t">{S('ops.col.lastSignIn')}</th>
            </tr>
          </thead>
          <tbody ref={listRef} tabIndex={0} role="listbox" data-testid="ops-list" onKeyDown={onListKey}>
            {ops.map((o, i) => (
              <tr
                key={o.operatorNo}
                role="option"
                aria-selected={o === current}
                className={o === current ? 'sup-row-selected' : undefined}
                data-testid={`ops-row-${o.operatorNo}`}
                data-active={o.active}
                data-role={o.role}
                data-locked={o.lockedUntil !== null}
                data-must-change={o.mustChangePin}
                onClick={() => setSel(i)}
              >
                <td className="sup-t">{o.operatorNo}</td>
                <td className="sup-t">{o.name}</td>
                <td className="sup-t">{S(`ops.role.${o.role}`)}</td>
                <td className={`sup-t${o.active ? '' : ' sup-neg'}`}>
                  {S(o.active ? 'ops.active' : 'ops.inactive')}
                  {o.mustChangePin && <span className="ops-tag"> · {S('ops.mustChange')}</span>}
                </td>
                <td className={`sup-t${o.lockedUntil !== null ? ' sup-neg' : ''}`}>
                  {o.lockedUntil !== null
                    ? S('ops.lockedUntil', { time: formatWhen(o.lockedUntil) })
                    : S('ops.notLocked')}
                </td>
                <td className="sup-t">{o.lastSignInAt !== null ? formatWhen(o.lastSignInAt) : S('ops.never')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="sup-actions" ref={actionsRef} onKeyDown={onActionsKey} data-testid="ops-actions">
        <button type="button" className="btn" data-testid="ops-add" onClick={() => setMode({ kind: 'add' })}>
          {S('ops.add')} <kbd>N</kbd>
        </button>
        <button
          type="button"
          className="btn"
          data-testid="ops-toggle-active"
          disabled={!current || working}
          onClick={() => current && void toggleActive(current)}
        >
          {S(current?.active === false ? 'ops.enable' : 'ops.disable')} <kbd>D</kbd>
        </button>
        <button
          type="button"
          className="btn"
          data-testid="ops-reset"
          disabled={!current || working}
          onClick={() => current && setMode({ kind: 'reset', op: current })}
        >
          {S('ops.resetPin')} <kbd>R</kbd>
        </button>
        <button
          type="button"
          className="btn"
          data-testid="ops-unlock"
          disabled={!current || working || current.lockedUntil === null}
          onClick={() => current && unlock(current)}
        >
          {S('ops.unlock')} <kbd>U</kbd>
        </button>
        <button
          type="button"
          className="btn"
          data-testid="ops-role"
          disabled={!current || working}
          onClick={() => current && void toggleRole(current)}
        >
          {S('ops.toggleRole')} <kbd>S</kbd>
        </button>
      </div>
      <section className="sup-section" data-testid="ops-permissions">
        <h3>{S('ops.perm.title')}</h3>
        <p className="sup-muted">{S('ops.perm.sub')}</p>
        <table className="sup-table ops-perm-table">
          <thead>
            <tr>
              <th className="sup-t">{S('ops.perm.col')}</th>
              <th className="sup-t">{S('ops.role.cashier')}</th>
              <th className="sup-t">{S('ops.role.supervisor')}</th>
            </tr>
          </thead>
          <tbody>
            {PERMISSIONS.map((p) => (
              <tr key={p}>
                <td className="sup-t">
                  {S(`ops.perm.${p}`)}
                  {LATER.has(p) && <span className="sup-muted">{S('ops.perm.later')}</span>}
                </td>
                <td className="sup-t">
                  <input
                    type="checkbox"
                    data-testid={`ops-perm-${p}`}
                    aria-label={`${S('ops.role.cashier')} · ${S(`ops.perm.${p}`)}`}
                    checked={cashierGrants.has(p)}
                    disabled={working}
                    onChange={(e) => void setGrant(p, e.target.checked)}
                  />
                </td>
                <td className="sup-t">
                  <input type="checkbox" checked disabled aria-label={S('ops.role.supervisor')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <DiscountSettingsPanel />
    </div>
  );
}
