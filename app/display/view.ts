import { z } from 'zod';

/**
 * What the customer display (the second screen facing the payer) shows. Built in the core
 * (app/display/model.ts) and pushed as `display.changed`, so both shells show the same thing.
 * It carries only what the payer should see: no operator, no bill number, no payment code,
 * no gateway codes (a failure is one of a few short reasons the display words itself).
 */

/** idle: the slideshow; due: items + amount, 请出示付款码; paying: a payment is in progress (QR when one is used);
 * checking: the result is not known yet (never "failed": the payer must not pay twice); paid; failed. */
export const DISPLAY_PHASES = ['idle', 'due', 'paying', 'checking', 'paid', 'failed'] as const;
export const DisplayPhaseSchema = z.enum(DISPLAY_PHASES);
export type DisplayPhase = z.infer<typeof DisplayPhaseSchema>;

/** Why a payment did not go through, in words a payer understands (the display texts them). */
export const DISPLAY_FAILURES = ['declined', 'check-phone', 'cancelled', 'expired'] as const;
export const DisplayFailureSchema = z.enum(DISPLAY_FAILURES);
export type DisplayFailure = z.infer<typeof DisplayFailureSchema>;

/** At most this many lines travel to the display (the last ones); the rest are counted in `moreLines`. */
export const DISPLAY_MAX_LINES = 50;

const Fen = z.number().int().min(0);

export const DisplayLineSchema = z
  .object({
    name: z.string().max(100),
    quantity: z.number().int().min(1),
    amountFen: Fen,
  })
  .strict();
export type DisplayLine = z.infer<typeof DisplayLineSchema>;

/** The payment QR the payer scans (KouDaiLQ ScanCode): its content and the wallet it is for. */
export const DisplayQrSchema = z
  .object({
    content: z.string().min(1).max(2048),
    payTypeCode: z.string().min(1).max(32),
  })
  .strict();
export type DisplayQr = z.infer<typeof DisplayQrSchema>;

/** Slideshow images (file names inside `display.slidesDir`) and how long each is shown. */
export const DisplaySlidesSchema = z
  .object({
    names: z.array(z.string().min(1).max(200)).max(200),
    intervalMs: z.number().int().min(1000).max(600_000),
  })
  .strict();
export type DisplaySlides = z.infer<typeof DisplaySlidesSchema>;

export const DisplayViewSchema = z
  .object({
    /** Grows by one with every change the core pushes (the display ignores an older one). */
    rev: z.number().int().min(0),
    phase: DisplayPhaseSchema,
    locale: z.enum(['zh-CN', 'en']),
    lines: z.array(DisplayLineSchema).max(DISPLAY_MAX_LINES),
    /** Lines not sent (the bill has more than DISPLAY_MAX_LINES). */
    moreLines: z.number().int().min(0),
    totalFen: Fen,
    dueFen: Fen,
    /** What was paid (phase 'paid'); cash: with the change handed back. */
    paidFen: Fen,
    changeFen: Fen.nullable(),
    qr: DisplayQrSchema.nullable(),
    failure: DisplayFailureSchema.nullable(),
    slides: DisplaySlidesSchema,
  })
  .strict();
export type DisplayView = z.infer<typeof DisplayViewSchema>;
