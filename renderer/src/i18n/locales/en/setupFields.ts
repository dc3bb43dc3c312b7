import type { Strings } from '../strings.js';
import type { setupFields as zh } from '../zh-CN/setupFields.js';

export const setupFields: Strings<typeof zh> = {
  terminalNo: 'terminal number',
  businessType: 'business type',
  locale: 'language',
  'gateway.url': 'gateway URL',
  'gateway.queryPath': 'query path',
  'gateway.barCodePath': 'payment path',
  'backOffice.feedUrl': 'back-office URL',
  'printer.name': 'printer',
  'printer.paperWidthMm': 'paper width',
  'log.level': 'log level',
  'updates.enabled': 'auto-update',
  'updates.url': 'update URL',
  'secrets.gateway.authorization': 'gateway authorization',
  'secrets.backOffice.token': 'back-office token',
};
