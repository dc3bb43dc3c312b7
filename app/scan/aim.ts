/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + code character + modifier character,
 * prepended by many scanners (always by Honeywell HID-POS reports) to the decoded data.
 */

const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

export interface AimSplit {
  /** The 3-character identifier, e.g. `]E0`, or null when absent. */
  aim: string | null;
  /** The data without the identifier. */
  data: string;
}

export function splitAim(text: string): AimSplit {
  const m = AIM_PREFIX.exec(text);
  if (!m) return { aim: null, data: text };
  return { aim: m[0], data: text.slice(3) };
}

export function isAimId(id: string): boolean {
  return id.length === 3 && AIM_PREFIX.test(id);
}

/**
 * A readable symbology name for an AIM identifier. Only the code character is standard
 * enough to map; the modifier refines it (e.g. `]E4` is EAN-8, `]C1` is GS1-128).
 */
export function aimSymbologyName(aim: string): string | null {
  if (!isAimId(aim)) return null;
  const code = aim[1]!;
  const mod = aim[2]!;
  switch (code) {
    case 'E':
      return mod === '4' ? 'EAN-8' : mod === '0' ? 'EAN-13/UPC' : 'EAN/UPC+add-on';
    case 'C':
      return mod === '1' ? 'GS1-128' : 'Code 128';
    case 'A':
      return 'Code 39';
    case 'G':
      return 'Code 93';
    case 'F':
      return 'Codabar';
    case 'I':
      return 'Interleaved 2 of 5';
    case 'Q':
      return 'QR Code';
    case 'd':
      return 'Data Matrix';
    case 'L':
      return 'PDF417';
    case 'z':
      return 'Aztec';
    case 'e':
      return 'GS1 DataBar';
    case 'X':
      return 'Other';
    default:
      return null;
  }
}
