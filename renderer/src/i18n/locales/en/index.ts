/** The en catalog: one namespace per screen. */
import type { Catalog } from '../catalog.js';
import { display } from './display.js';
import { discounts } from './discounts.js';
import { errors } from './errors.js';
import { gateway } from './gateway.js';
import { history } from './history.js';
import { campus } from './campus.js';
import { kesion } from './kesion.js';
import { messages } from './messages.js';
import { receipt } from './receipt.js';
import { recovery } from './recovery.js';
import { scanner } from './scanner.js';
import { setup } from './setup.js';
import { setupFields } from './setupFields.js';
import { supervisor } from './supervisor.js';
import { split } from './split.js';
import { xiaobao } from './xiaobao.js';
import { backoffice } from './backoffice.js';

export const en: Catalog = {
  messages,
  errors,
  supervisor,
  scanner,
  recovery,
  setup,
  setupFields,
  gateway,
  receipt,
  display,
  history,
  split,
  campus,
  discounts,
  kesion,
  xiaobao,
  backoffice,
};
