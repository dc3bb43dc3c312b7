import { describe, expect, it } from 'vitest';
import { createElectronPrinting, type WindowFactory } from './printing.js';

function fakeWindows(printResult: [boolean, string]) {
  const log: string[] = [];
  const factory: WindowFactory = (options) => {
    log.push(
      `new show=${String(options.show)} js=${String(options.webPreferences?.javascript)} sandbox=${String(options.webPreferences?.sandbox)}`,
    );
    return {
      loadURL: async (url: string) => void log.push(`load ${decodeURIComponent(url.slice(url.indexOf(',') + 1))}`),
      destroy: () => void log.push('destroy'),
      webContents: {
        print: (opts: unknown, cb?: (ok: boolean, reason: string) => void) => {
          log.push(`print ${JSON.stringify(opts)}`);
          cb?.(...printResult);
        },
        printToPDF: async (opts: unknown) => {
          log.push(`pdf ${JSON.stringify(opts)}`);
          return Buffer.from('%PDF-1.7');
        },
      },
    } as unknown as ReturnType<WindowFactory>;
  };
  return { factory, log };
}

describe('Electron printing', () => {
  it('prints a receipt silently at the roll size on the named printer, in a hidden script-less window it then destroys', async () => {
    const { factory, log } = fakeWindows([true, '']);
    await createElectronPrinting(factory).printReceipt('<p>小票</p>', {
      pageSizeMicrons: { width: 80_000, height: 200_000 },
      deviceName: 'XP-80C',
    });
    expect(log[0]).toBe('new show=false js=false sandbox=true');
    expect(log[1]).toBe('load <p>小票</p>');
    const opts = JSON.parse(log[2]!.slice('print '.length));
    expect(opts).toMatchObject({
      silent: true,
      deviceName: 'XP-80C',
      pageSize: { width: 80_000, height: 200_000 },
      margins: { marginType: 'none' },
    });
    expect(log[3]).toBe('destroy');
  });

  it('a failed print rejects with the reason and still destroys the window', async () => {
    const { factory, log } = fakeWindows([false, 'no paper']);
    await expect(
      createElectronPrinting(factory).printReceipt('<p/>', {
        pageSizeMicrons: { width: 58_000, height: 100_000 },
        deviceName: null,
      }),
    ).rejects.toThrow('no paper');
    expect(JSON.parse(log[2]!.slice('print '.length))).not.toHaveProperty('deviceName');
    expect(log.at(-1)).toBe('destroy');
  });

  it('renders a report to PDF at the page size in inches', async () => {
    const { factory, log } = fakeWindows([true, '']);
    const pdf = await createElectronPrinting(factory).printToPdf('<h1>Z</h1>', { width: 210_000, height: 297_000 });
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7');
    const opts = JSON.parse(log[2]!.slice('pdf '.length));
    expect(opts.pageSize.width).toBeCloseTo(8.27, 2);
    expect(opts.pageSize.height).toBeCloseTo(11.69, 2);
  });
});
