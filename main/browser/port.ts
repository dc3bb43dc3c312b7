import net from 'node:net';

/**
 * Is the browser shell's port free on 127.0.0.1? Asked before the core opens the ledger, so a
 * clash (another program, another Counterpay on a different data folder) is refused before
 * anything is touched. Returns null when free (or port 0: any free port), else the error code.
 * The shell still handles EADDRINUSE when it binds for real (the port could be taken in between).
 */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}
