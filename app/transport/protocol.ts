import { z } from 'zod';

/**
 * Wire protocol of the browser shell's WebSocket transport (and the frame shape the
 * Electron preload uses internally). JSON text frames.
 */
export const ClientFrameSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    command: z.string().max(100),
    input: z.unknown(),
  }),
  z.object({ t: z.literal('ping'), id: z.number().int().nonnegative() }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.string(),
      message: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);

export const ServerFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.number().int(), result: ResultSchema }),
  z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('pong'), id: z.number().int() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** Largest frame either side accepts. */
export const MAX_FRAME_BYTES = 1_000_000;
