/**
 * The HID device layer behind an interface, so the scanner manager runs against node-hid on a
 * counter PC and against the simulated backend in tests and the developer menu.
 */

export interface HidDeviceInfo {
  /** OS path used to open the device (hidraw node, IOService path, Windows device path). */
  path: string;
  vendorId: number;
  productId: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
  interface?: number | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  release?: number | undefined;
}

export type Unsubscribe = () => void;

/** An open device. Reports arrive as they are read; an error means the device is gone. */
export interface HidConnection {
  readonly path: string;
  /** Input reports (report id first when the device numbers its reports). */
  onData(listener: (report: Uint8Array) => void): Unsubscribe;
  /** Read errors: node-hid emits one when the device is unplugged. */
  onError(listener: (error: Error) => void): Unsubscribe;
  /** Idempotent; never rejects. */
  close(): Promise<void>;
}

export interface HidBackend {
  /** 'node-hid', 'simulated', … */
  readonly name: string;
  /** Enumerate HID devices. Costly (a USB enumeration): call no more than about once a second. */
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidConnection>;
}

/** Loading a backend can fail (no libusb, no permission): the app must still start. */
export type HidBackendLoad = { ok: true; backend: HidBackend } | { ok: false; reason: string };

/** Turn anything thrown into an Error with a message. */
export function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : JSON.stringify(e));
}
