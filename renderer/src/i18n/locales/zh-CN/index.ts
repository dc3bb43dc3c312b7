/** The zh-CN catalog: one namespace per screen. */
import { display } from './display.js';
import { errors } from './errors.js';
import { gateway } from './gateway.js';
import { history } from './history.js';
import { messages } from './messages.js';
import { receipt } from './receipt.js';
import { recovery } from './recovery.js';
import { scanner } from './scanner.js';
import { setup } from './setup.js';
import { setupFields } from './setupFields.js';
import { supervisor } from './supervisor.js';
import { backoffice } from './backoffice.js';

export const zhCN = {
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
  backoffice,
};
