import type { Config } from '../config.js';
import type { HandlerMap } from './dispatch.js';

/**
 * `receipt.layout`: the paper width and shop texts the running core prints with (config.json as
 * loaded at start), so the preview and the printed receipt always agree.
 */
export function createReceiptLayoutHandlers(services: {
  config: Pick<Config, 'printer' | 'receipt'>;
}): Pick<HandlerMap, 'receipt.layout'> {
  return {
    'receipt.layout': () => ({
      paperWidthMm: services.config.printer.paperWidthMm,
      texts: {
        shopName: services.config.receipt.shopName,
        headerLines: [...services.config.receipt.headerLines],
        footerLines: [...services.config.receipt.footerLines],
        autoPrint: services.config.receipt.autoPrint,
      },
    }),
  };
}
