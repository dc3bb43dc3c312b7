import { command, event, NoInput } from './define.js';
import { DisplayViewSchema } from '../display/view.js';

/**
 * The customer display (app/display): one read-only command and one event. These are the only
 * command and the only event a display connection (the browser shell's display token, the
 * Electron display window) can reach — see DISPLAY_COMMANDS / DISPLAY_EVENTS.
 */
export const displayCommands = {
  /** What the customer display shows now (it then follows `display.changed`). */
  'display.state': command(NoInput, DisplayViewSchema, 'public'),
} as const;

export const displayEvents = {
  'display.changed': event(DisplayViewSchema),
} as const;

/** A display connection may call only these commands and receive only these events. */
export const DISPLAY_COMMANDS: ReadonlySet<string> = new Set(Object.keys(displayCommands));
export const DISPLAY_EVENTS: ReadonlySet<string> = new Set(Object.keys(displayEvents));
