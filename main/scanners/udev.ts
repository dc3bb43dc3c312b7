import fs from 'node:fs';
import path from 'node:path';
import type { UdevInfo } from '../../app/contract/scanner.js';
import { KNOWN_SCANNER_VENDORS } from '../../native/hid/select.js';

/**
 * The Linux udev rule for HID-POS scanners, for the scanner settings screen: the text of the
 * file the app ships (resources/udev/, installed next to the app by the packages), and the
 * commands that install it. If the shipped file cannot be found (a dev checkout run from an odd
 * folder) the same rules are generated from the vendor table the app recognises.
 */

export const UDEV_FILE_NAME = '70-counterpay-scanners.rules';
export const UDEV_TARGET_DIR = '/etc/udev/rules.d';

/** The rule lines for the vendors the app recognises (same lines as the shipped file). */
export function generatedUdevRules(): string {
  const lines = ['# Counterpay — let the logged-in cashier read USB barcode scanners in HID-POS mode.'];
  for (const v of KNOWN_SCANNER_VENDORS) {
    const id = v.vendorId.toString(16).padStart(4, '0');
    lines.push(`# ${v.name}`);
    lines.push(`SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${id}", MODE="0660", GROUP="plugdev", TAG+="uaccess"`);
    lines.push(`SUBSYSTEM=="usb", ATTR{idVendor}=="${id}", MODE="0660", GROUP="plugdev", TAG+="uaccess"`);
  }
  return lines.join('\n') + '\n';
}

/** Places the shipped rule may be, most specific first. */
export function udevCandidates(
  opts: { execPath?: string; resourcesPath?: string; moduleDir?: string; cwd?: string } = {},
): string[] {
  const out: string[] = [];
  // Packaged: electron-builder extraFiles puts it at <install dir>/udev/ (deb: /opt/Counterpay/udev/).
  if (opts.execPath) out.push(path.join(path.dirname(opts.execPath), 'udev', UDEV_FILE_NAME));
  if (opts.resourcesPath) out.push(path.join(opts.resourcesPath, '..', 'udev', UDEV_FILE_NAME));
  // A checkout: dist/browser/main.js, main/scanners/*.ts → <repo>/resources/udev/.
  if (opts.moduleDir) out.push(path.resolve(opts.moduleDir, '..', '..', 'resources', 'udev', UDEV_FILE_NAME));
  if (opts.cwd) out.push(path.join(opts.cwd, 'resources', 'udev', UDEV_FILE_NAME));
  return out;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function udevInfo(opts: { candidates: string[]; platform: string }): UdevInfo {
  let shippedPath: string | null = null;
  let rules: string | null = null;
  for (const p of opts.candidates) {
    try {
      rules = fs.readFileSync(p, 'utf8');
      shippedPath = p;
      break;
    } catch {
      // next candidate
    }
  }
  const reload =
    'sudo udevadm control --reload-rules && sudo udevadm trigger --subsystem-match=hidraw --subsystem-match=usb';
  const target = `${UDEV_TARGET_DIR}/${UDEV_FILE_NAME}`;
  if (rules === null) {
    rules = generatedUdevRules();
    // No file on disk: write the text with tee.
    const installCommand = [`sudo tee ${target} > /dev/null <<'EOF'`, rules.trimEnd(), 'EOF', reload].join('\n');
    return { fileName: UDEV_FILE_NAME, rules, shippedPath: null, installCommand, platform: opts.platform };
  }
  const installCommand = [`sudo install -m 0644 ${shellQuote(shippedPath!)} ${UDEV_TARGET_DIR}/`, reload].join('\n');
  return { fileName: UDEV_FILE_NAME, rules, shippedPath, installCommand, platform: opts.platform };
}
