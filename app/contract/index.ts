import type { z } from 'zod';
import type { Result } from '../result.js';
import type { CommandSpec, EventSpec } from './define.js';
import { catalogImportCommands, catalogImportEvents } from './catalog-import.js';
import { coreCommands, coreEvents } from './core.js';
import { counterCommands, counterEvents } from './counter.js';
import { receiptCommands, receiptEvents } from './receipt.js';
import { recoveryCommands, recoveryEvents } from './recovery.js';
import { scannerCommands, scannerEvents } from './scanner.js';
import { sessionCommands, sessionEvents } from './session.js';
import { setupCommands, setupEvents } from './setup.js';
import { supervisorCommands, supervisorEvents } from './supervisor.js';
import { lateOutcomeCommands, lateOutcomeEvents } from './late-outcome.js';
import { operatorCommands, operatorEvents } from './operators.js';
import { displayCommands, displayEvents } from './display.js';
import { productCommands } from './products.js';
import { qrPayCommands, qrPayEvents } from './qr-pay.js';
import { historyCommands, historyEvents } from './history.js';
import { splitPayCommands, splitPayEvents } from './split-pay.js';
import { campusCommands, campusEvents } from './campus.js';
import { discountCommands } from './discounts.js';
import { kesionCommands, kesionEvents } from './kesion.js';
import { xiaobaoCommands, xiaobaoEvents } from './xiaobao.js';
import { backOfficeCommands, backOfficeEvents } from './backoffice.js';
import { reconcileCommands } from './reconcile.js';

/**
 * The one contract between the renderer and the main core.
 * Every command and event of every domain is listed here; the handler map in
 * main (main/handlers/index.ts) must implement every command, or it fails to compile.
 */
export const commands = {
  ...coreCommands,
  ...sessionCommands,
  ...counterCommands,
  ...setupCommands,
  ...supervisorCommands,
  ...catalogImportCommands,
  ...scannerCommands,
  ...recoveryCommands,
  ...lateOutcomeCommands,
  ...receiptCommands,
  ...operatorCommands,
  ...displayCommands,
  ...productCommands,
  ...qrPayCommands,
  ...historyCommands,
  ...splitPayCommands,
  ...campusCommands,
  ...discountCommands,
  ...kesionCommands,
  ...xiaobaoCommands,
  ...backOfficeCommands,
  ...reconcileCommands,
} as const satisfies Record<string, CommandSpec>;

export const events = {
  ...coreEvents,
  ...sessionEvents,
  ...counterEvents,
  ...setupEvents,
  ...supervisorEvents,
  ...catalogImportEvents,
  ...scannerEvents,
  ...recoveryEvents,
  ...lateOutcomeEvents,
  ...receiptEvents,
  ...operatorEvents,
  ...displayEvents,
  ...qrPayEvents,
  ...historyEvents,
  ...splitPayEvents,
  ...campusEvents,
  ...kesionEvents,
  ...xiaobaoEvents,
  ...backOfficeEvents,
} as const satisfies Record<string, EventSpec>;

export type Commands = typeof commands;
export type Events = typeof events;
export type CommandName = keyof Commands & string;
export type EventName = keyof Events & string;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandParsedInput<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;
export type EventPayload<K extends EventName> = z.output<Events[K]['payload']>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/**
 * The API the renderer sees as `window.counterpay`, identical in both shells.
 * `invoke` accepts only contract command names; `on` only contract event names.
 */
export interface CounterpayApi {
  invoke<K extends CommandName>(command: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Which shell carries the contract. */
  readonly shell: 'electron' | 'browser' | 'memory';
}

export type { Result };
