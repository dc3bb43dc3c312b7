import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Product } from '../../../../app/contract/products.js';
import { formatMoney } from '../../../../app/report/format.js';
import { reloadQuickKeys } from '../../counter-refresh.js';
import { useS, useShowError } from './common.js';
import { draftOf, emptyDraft, inputOf, type ProductDraft } from './product-form.js';
import './products.css';
import { isAppError, supCall, useSup } from './sup-store.js';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; code: string };

/**
 * 商品: the catalog for a supervisor, keyboard-first. Type to search by code, name or 助记码;
 * ↑/↓ pick a row, Enter edits it, F2 adds an item, F4 switches the picked item off or on.
 * Prices are typed in yuan and sent as fen.
 */
export function ProductsPanel() {
  const { S } = useS();
  const showError = useShowError();
  const [query, setQuery] = useState('');
  const [inactive, setInactive] = useState(false);
  const [items, setItems] = useState<Product[]>([]);
  const [counts, setCounts] = useState({ total: 0, active: 0 });
  const [sel, setSel] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [draft, setDraft] = useState<ProductDraft>(emptyDraft());
  const [bad, setBad] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const load = useCallback(
    async (q: string, withInactive: boolean) => {
      const n = ++seq.current;
      try {
        const r = await supCall('products.list', { query: q, includeInactive: withInactive, limit: 50 });
        if (n !== seq.current) return;
        setItems(r.items);
        setCounts({ total: r.total, active: r.active });
        setSel((s) => Math.min(s, Math.max(0, r.items.length - 1)));
      } catch (e) {
        showError(e);
      }
    },
    [showError],
  );

  useEffect(() => {
    void load(query, inactive);
  }, [load, query, inactive]);

  const picked = items[sel] ?? null;

  function open(m: Mode, d: ProductDraft) {
    setMode(m);
    setDraft(d);
    setBad(null);
  }
  function back() {
    setMode({ kind: 'list' });
    setBad(null);
    setTimeout(() => searchRef.current?.focus(), 0);
  }

  async function toggle(p: Product) {
    if (working) return;
    setWorking(true);
    try {
      const r = await supCall('products.setActive', { code: p.code, active: !p.active });
      useSup.getState().setNotice({
        tone: 'ok',
        text: S(r.active ? 'products.activated' : 'products.deactivated', { name: r.name }),
      });
      await load(query, inactive);
      void reloadQuickKeys();
    } catch (e) {
      showError(e);
    } finally {
      setWorking(false);
    }
  }

  async function save() {
    if (working || mode.kind === 'list') return;
    const v = inputOf(draft);
    if (!v.ok) {
      setBad(v.field);
      useSup.getState().setNotice({ tone: 'error', text: S(v.key), code: 'invalid-input' });
      return;
    }
    setWorking(true);
    try {
      const r = await supCall('products.save', { mode: mode.kind, item: v.item });
      useSup.getState().setNotice({
        tone: 'ok',
        text: S(mode.kind === 'add' ? 'products.added' : 'products.saved', {
          name: r.name,
          mnemonic: r.mnemonic || '—',
        }),
      });
      setQuery(r.code);
      setSel(0);
      back();
      // The query may be the same text: read the list again either way.
      await load(r.code, inactive);
      void reloadQuickKeys();
    } catch (e) {
      const d = isAppError(e) ? (e.details as Record<string, unknown> | undefined) : undefined;
      if (d?.problem === 'code-taken') {
        setBad('code');
        showError(e, S('products.codeTaken', { code: v.item.code, name: String(d.name ?? '') }));
      } else {
        if (typeof d?.field === 'string') setBad(d.field);
        showError(e);
      }
    } finally {
      setWorking(false);
    }
  }

  function listKey(e: KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setSel((s) => Math.min(s + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setSel((s) => Math.max(s - 1, 0));
    } else if (e.key === 'Enter' && picked) {
      e.preventDefault();
      open({ kind: 'edit', code: picked.code }, draftOf(picked));
    } else if (e.key === 'F2') {
      e.preventDefault();
      open({ kind: 'add' }, emptyDraft());
    } else if (e.key === 'F4' && picked) {
      e.preventDefault();
      void toggle(picked);
    }
  }

  if (mode.kind !== 'list') {
    const field = (
      k: keyof Omit<ProductDraft, 'active'>,
      label: string,
      extra: { inputMode?: 'decimal' | 'numeric'; disabled?: boolean; autoFocus?: boolean; maxLength?: number } = {},
    ) => (
      <label className="sup-field">
        <span>{label}</span>
        <input
          className="sup-input"
          data-testid={`product-${k}`}
          aria-invalid={bad === (k === 'price' ? 'price' : k)}
          value={draft[k]}
          onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
          {...extra}
        />
      </label>
    );
    return (
      <div className="sup-panel" data-testid="sup-products" data-mode={mode.kind}>
        <h2>{S(mode.kind === 'add' ? 'products.addTitle' : 'products.editTitle')}</h2>
        <form
          className="prod-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e) => {
            if (e.key === 'F9') {
              e.preventDefault();
              back();
            }
          }}
        >
          {field('code', S('products.col.code'), {
            disabled: mode.kind === 'edit',
            autoFocus: mode.kind === 'add',
            maxLength: 40,
          })}
          {field('name', S('products.col.name'), { autoFocus: mode.kind === 'edit', maxLength: 100 })}
          {field('price', S('products.field.price'), { inputMode: 'decimal' })}
          {field('businessType', S('products.field.type'), { inputMode: 'numeric', maxLength: 1 })}
          {field('quickKey', S('products.field.quickKey'), { inputMode: 'numeric', maxLength: 2 })}
          <label className="prod-check">
            <input
              type="checkbox"
              data-testid="product-active"
              checked={draft.active}
              onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
            />
            {S('products.field.active')}
          </label>
          <p className="sup-muted prod-hint">{S('products.formHint')}</p>
          <div className="sup-actions">
            <button type="submit" className="btn btn-primary" data-testid="product-save" disabled={working}>
              {S('products.save')} <kbd>Enter</kbd>
            </button>
            <button type="button" className="btn" data-testid="product-cancel" onClick={back}>
              {S('products.cancel')} <kbd>F9</kbd>
            </button>
          </div>
        </form>
      </div>
    );
  }

  return (
    <div className="sup-panel" data-testid="sup-products" data-mode="list">
      <h2>{S('products.title')}</h2>
      <div className="prod-bar">
        <input
          ref={searchRef}
          className="sup-input prod-search"
          data-testid="products-search"
          placeholder={S('products.search')}
          autoFocus
          maxLength={40}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setSel(0);
          }}
          onKeyDown={listKey}
        />
        <label className="prod-check">
          <input
            type="checkbox"
            data-testid="products-inactive"
            checked={inactive}
            onChange={(e) => setInactive(e.target.checked)}
          />
          {S('products.withInactive')}
        </label>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="products-add"
          onClick={() => open({ kind: 'add' }, emptyDraft())}
        >
          {S('products.add')} <kbd>F2</kbd>
        </button>
      </div>
      <p className="sup-muted" data-testid="products-counts">
        {S('products.counts', { active: counts.active, total: counts.total })} {S('products.keys')}
      </p>
      <div className="sup-table-wrap prod-table-wrap">
        <table className="sup-table" data-testid="products-table">
          <thead>
            <tr>
              <th className="sup-t">{S('products.col.code')}</th>
              <th className="sup-t">{S('products.col.name')}</th>
              <th className="sup-t">{S('products.col.mnemonic')}</th>
              <th className="sup-n">{S('products.col.price')}</th>
              <th className="sup-n">{S('products.col.type')}</th>
              <th className="sup-n">{S('products.col.quickKey')}</th>
              <th className="sup-t">{S('products.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p, i) => (
              <tr
                key={p.code}
                className={`${i === sel ? 'prod-sel' : ''}${p.active ? '' : ' prod-off'}`}
                data-testid="product-row"
                data-code={p.code}
                data-active={p.active}
                aria-selected={i === sel}
                onClick={() => setSel(i)}
                onDoubleClick={() => open({ kind: 'edit', code: p.code }, draftOf(p))}
              >
                <td className="sup-t">{p.code}</td>
                <td className="sup-t">{p.name}</td>
                <td className="sup-t">{p.mnemonic}</td>
                <td className="sup-n">{formatMoney(p.priceFen)}</td>
                <td className="sup-n">{p.businessType}</td>
                <td className="sup-n">{p.quickKey ?? ''}</td>
                <td className="sup-t">{S(p.active ? 'products.on' : 'products.off')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && (
          <p className="sup-muted" data-testid="products-none">
            {S('products.none')}
          </p>
        )}
      </div>
      {picked && (
        <div className="sup-actions">
          <button
            type="button"
            className="btn"
            data-testid="product-edit"
            onClick={() => open({ kind: 'edit', code: picked.code }, draftOf(picked))}
          >
            {S('products.edit')} <kbd>Enter</kbd>
          </button>
          <button
            type="button"
            className="btn"
            data-testid="product-toggle"
            disabled={working}
            onClick={() => void toggle(picked)}
          >
            {S(picked.active ? 'products.deactivate' : 'products.activate')} <kbd>F4</kbd>
          </button>
        </div>
      )}
    </div>
  );
}
