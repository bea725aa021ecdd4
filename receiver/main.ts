// `npm run receiver`: the reference receiver on 127.0.0.1:8787 (see receiver/README.md).
import { checkConfig, readConfig } from './config';
import { startReceiver } from './server';

const config = readConfig();
try {
  checkConfig(config);
} catch (error) {
  // A refusal is the operator's to fix: say what to change, without a stack trace.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const receiver = await startReceiver(config);
// Say where records go and whether credentials are asked for; never print the credentials.
console.log(
  `Flagline receiver: POST ${receiver.url}/v1/batches (store: ${receiver.store.kind}, ` +
    `bearer token ${config.tokens.length ? 'required' : 'not required'}, ` +
    `signature ${config.signingSecret ? 'required' : 'not required'})`,
);
console.log(
  `Team console: ${receiver.url}/console/ (${config.tokens.length ? 'sign in with a reviewer or admin token' : 'no sign-in: no token is configured'})`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void receiver.close().then(() => process.exit(0)));
}
