/**
 * Run the sandbox gateway on its own:
 *   npx tsx main/sandbox/cli.ts [--port 8787] [--host 127.0.0.1] [--delay-ms 0] [--quiet]
 * Prints one line with the URL on stdout; request logs go to stderr.
 */
import { parseArgs } from 'node:util';
import { startSandboxGateway } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'delay-ms': { type: 'string', default: '0' },
    quiet: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
const delay = Number(values['delay-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`bad --port ${values.port}`);
  process.exit(2);
}

const gw = await startSandboxGateway({
  port,
  host: values.host,
  faults: { networkDelayMs: Number.isFinite(delay) ? delay : 0 },
  log: values.quiet
    ? undefined
    : (event, fields) => console.error(JSON.stringify({ t: new Date().toISOString(), event, ...fields })),
});
console.log(gw.url);

const stop = () => {
  void gw.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
