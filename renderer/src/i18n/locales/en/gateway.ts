import type { Strings } from '../strings.js';
import type { gateway as zh } from '../zh-CN/gateway.js';

export const gateway: Strings<typeof zh> = {
  'url.no-scheme': 'A URL must start with http:// or https://, e.g. http://{example}',
  'url.bad-scheme': 'Only URLs starting with http:// or https:// are supported',
  'url.not-https': 'The update URL must start with https:// (updates are program code; never over plain http)',
  'url.invalid': 'Not a valid URL, e.g. https://pay.example.cn/',
  'url.too-long': 'The URL is too long (at most 500 characters)',
  'url.spaces': 'A URL cannot contain spaces',
  'path.required': 'required',
  'path.absolute':
    'Only the path after the gateway URL goes here, e.g. api/3Pay/KouDaiLQ/Query; not a full URL, and not starting with //',
  'path.dot-dot': 'The path cannot contain .. or .',
  'path.bad-chars': 'The path cannot contain spaces, ?, #, % or backslashes, and has at most 200 characters',
  inUseEnv: 'Gateway in use: {url} (set by the environment variable {variable}; the URL above does not apply).',
  authNotSent:
    'The saved gateway authorization was not sent: it only goes to the gateway URL it was saved with ({origin}). To test this URL with an authorization, enter it above.',
  authTyped: 'Tested with the gateway authorization entered above.',
  authStored: 'Tested with the saved gateway authorization.',
  serverField: 'This field is not valid',
  testNotSent: 'The address is not valid; nothing was sent',
};
