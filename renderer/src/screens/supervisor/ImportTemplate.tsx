import { useState } from 'react';
import { useS, useShowError } from './common.js';
import { downloadBase64 } from './files.js';
import { supCall, useSup } from './sup-store.js';

/** 下载导入模板: the importer's columns with example rows, as CSV or XLSX (products.template). */
export function TemplateButtons() {
  const { S } = useS();
  const showError = useShowError();
  const [working, setWorking] = useState(false);
  async function get(format: 'csv' | 'xlsx') {
    if (working) return;
    setWorking(true);
    try {
      const f = await supCall('products.template', { format });
      downloadBase64(f.fileName, f.mimeType, f.contentBase64);
      useSup.getState().setNotice({ tone: 'ok', text: S('import.templateDone', { name: f.fileName }) });
    } catch (e) {
      showError(e);
    } finally {
      setWorking(false);
    }
  }
  return (
    <p className="sup-actions" data-testid="import-template">
      <span>{S('import.template')}</span>
      <button
        type="button"
        className="btn"
        data-testid="template-csv"
        disabled={working}
        onClick={() => void get('csv')}
      >
        {S('import.templateCsv')}
      </button>
      <button
        type="button"
        className="btn"
        data-testid="template-xlsx"
        disabled={working}
        onClick={() => void get('xlsx')}
      >
        {S('import.templateXlsx')}
      </button>
    </p>
  );
}
