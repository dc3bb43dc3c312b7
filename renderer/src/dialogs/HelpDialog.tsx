import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';
import { FUNCTION_KEYS } from '../keymap.js';
import { Modal } from './Modal.js';

/** Extra keys that are not function keys (the full table is in renderer/KEYMAP.md). */
const OTHER_KEYS: [string, MessageKey][] = [
  ['0–9 . Enter', 'entry.label'],
  ['Enter', 'fn.collect'],
  ['Esc', 'fn.back'],
  ['↑ ↓', 'fn.lines'],
  ['Alt+1 … Alt+0', 'fn.quick'],
  ['Ctrl+L', 'fn.language'],
  ['Ctrl+B', 'fn.businessType'],
  ['Ctrl+Q', 'fn.qrPay'],
  ['Ctrl+H', 'fn.history'],
  ['Ctrl+G', 'fn.split'],
  ['Ctrl+K', 'fn.campus'],
  ['Ctrl+D', 'fn.discount'],
  ['Ctrl+E', 'fn.priceOverride'],
  ['Ctrl+M', 'fn.roundOff'],
  ['Ctrl+J', 'fn.kesion'],
  ['Ctrl+Y', 'fn.xiaobao'],
];

export function HelpDialog() {
  const { t } = useT();
  return (
    <Modal title={t('help.title')} testid="help-dialog" wide>
      <table className="keytable" data-testid="keymap-table">
        <thead>
          <tr>
            <th>{t('help.keys')}</th>
            <th>{t('help.action')}</th>
          </tr>
        </thead>
        <tbody>
          {FUNCTION_KEYS.map((k) => (
            <tr key={k.id}>
              <td>
                <kbd>{k.key}</kbd>
              </td>
              <td>{t(k.label)}</td>
            </tr>
          ))}
          {OTHER_KEYS.map(([keys, label]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
