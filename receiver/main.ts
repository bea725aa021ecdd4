// `npm run receiver`: the reference receiver on 127.0.0.1:8787 (see receiver/README.md).
import { readConfig } from './config';
import { startReceiver } from './server';

const config = readConfig();
const receiver = await startReceiver(config);
// Say where records go and whether credentials are asked for; never print the credentials.
console.log(
  `Flagline receiver: POST ${receiver.url}/v1/batches (store: ${receiver.store.kind}, ` +
    `bearer token ${config.tokens.length ? 'required' : 'not required'}, ` +
    `signature ${config.signingSecret ? 'required' : 'not required'})`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void receiver.close().then(() => process.exit(0)));
}
