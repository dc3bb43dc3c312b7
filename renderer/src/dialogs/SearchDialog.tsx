import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogItem } from '../../../app/contract/counter.js';
import { formatYuan } from '../../../app/money.js';
import { addItem, searchCatalog } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { closeDialog, Modal } from './Modal.js';

/**
 * Find a product by name or code (indexed search in the core, 20 results). Typing searches
 * after a short pause; ↑↓ select; Enter adds the selected item and closes.
 */
export function SearchDialog() {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CatalogItem[]>([]);
  const [searched, setSearched] = useState(false);
  const [index, setIndex] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const my = ++seq.current;
    if (query.trim() === '') {
      setItems([]);
      setSearched(false);
      return;
    }
    const timer = setTimeout(() => {
      void searchCatalog(query).then((found) => {
        if (my !== seq.current) return; // a newer query is on its way
        setItems(found);
        setIndex(0);
        setSearched(true);
      });
    }, 120);
    return () => clearTimeout(timer);
  }, [query]);

  async function add(item: CatalogItem | undefined) {
    if (!item) return;
    if (await addItem(item.code)) closeDialog();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setIndex((i) => Math.min(items.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setIndex((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void add(items[index]);
    }
  }

  return (
    <Modal title={t('search.title')} testid="search-dialog" wide>
      <input
        className="entry-input"
        data-testid="search-input"
        data-autofocus
        autoComplete="off"
        spellCheck={false}
        maxLength={40}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul className="pick-list" data-testid="search-results" data-count={items.length}>
        {items.map((item, i) => (
          <li key={item.code}>
            <button
              type="button"
              className={`pick ${i === index ? 'pick-selected' : ''}`}
              data-testid="search-result"
              data-code={item.code}
              data-selected={i === index ? 'yes' : 'no'}
              onClick={() => void add(item)}
            >
              <span className="pick-main">{item.name}</span>
              <span className="pick-sub mono">{item.code}</span>
              <span className="pick-amount">{formatYuan(item.priceFen)}</span>
            </button>
          </li>
        ))}
      </ul>
      {searched && items.length === 0 && (
        <p className="hint" data-testid="search-none">
          {t('search.none')}
        </p>
      )}
      <p className="hint">{t('search.hint')}</p>
    </Modal>
  );
}
