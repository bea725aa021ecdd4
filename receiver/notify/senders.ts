/**
 * Delivers one composed notification to one target. The chat and webhook kinds are one POST each;
 * an answer other than 2xx is an error carrying its status. E-mail goes over SMTP with nodemailer.
 * Errors never carry the target's secrets: the webhook address, its secret or the SMTP password.
 */
import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { emailContent, slackPayload, teamsPayload, webhookPayload, type Notification } from './message';
import {
  targetSecrets,
  type EmailConfig,
  type SlackConfig,
  type Target,
  type TeamsConfig,
  type WebhookConfig,
} from './targets';

/** How long one delivery may take before it counts as failed (and is retried later). */
export const SEND_TIMEOUT_MS = 15_000;

/** A failed delivery: the HTTP or SMTP status when there was one. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface SendOptions {
  fetch?: typeof fetch;
  now?: Date;
}

/** `text` with each secret replaced, and cut short: safe for `last_error` and logs. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[secret]');
  return out.replace(/\s+/g, ' ').trim().slice(0, 500);
}

async function post(url: string, body: string, headers: Record<string, string>, options: SendOptions) {
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Flagline receiver', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new SendError(`Could not reach the target: ${reason}`);
  }
  const answer = await response.text().catch(() => '');
  if (!response.ok) {
    const detail = answer.trim() ? `: ${answer.trim().slice(0, 200)}` : '';
    throw new SendError(`The target answered HTTP ${response.status}${detail}`, response.status);
  }
  return { status: response.status };
}

/** A generic webhook: the JSON body signed with Standard Webhooks, `webhook-id` the delivery's id. */
export async function sendWebhook(
  config: WebhookConfig,
  notification: Notification,
  deliveryId: string,
  options: SendOptions = {},
): Promise<{ status: number }> {
  const now = options.now ?? new Date();
  const body = JSON.stringify(webhookPayload(notification, now));
  const signature = new Webhook(config.secret).sign(deliveryId, now, body);
  return post(
    config.url,
    body,
    {
      'webhook-id': deliveryId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    options,
  );
}

/** A Slack incoming webhook: `{text, blocks}`. */
export function sendSlack(config: SlackConfig, notification: Notification, options: SendOptions = {}) {
  return post(config.url, JSON.stringify(slackPayload(notification)), {}, options);
}

/** A Microsoft Teams incoming webhook: a message with one Adaptive Card. */
export function sendTeams(config: TeamsConfig, notification: Notification, options: SendOptions = {}) {
  return post(config.url, JSON.stringify(teamsPayload(notification)), {}, options);
}

/** An e-mail to every address of the target, over SMTP (TLS when `secure`, else STARTTLS when offered). */
export async function sendEmail(config: EmailConfig, notification: Notification): Promise<{ status: number }> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: Boolean(config.secure),
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const { subject, text } = emailContent(notification);
  try {
    await transport.sendMail({ from: config.from, to: config.to, subject, text });
    return { status: 250 };
  } catch (error) {
    const { responseCode, message } = error as { responseCode?: number; message?: string };
    throw new SendError(`The mail server refused the message: ${message ?? String(error)}`, responseCode);
  } finally {
    transport.close();
  }
}

/**
 * Sends to a target of any kind. `deliveryId` names this delivery (the outbox row) so a webhook
 * receiver can drop a repeat. Throws a `SendError` whose message holds none of the target's secrets.
 */
export async function sendToTarget(
  target: Target,
  notification: Notification,
  deliveryId: string,
  options: SendOptions = {},
): Promise<{ status: number }> {
  try {
    switch (target.kind) {
      case 'webhook':
        return await sendWebhook(target.config, notification, deliveryId, options);
      case 'slack':
        return await sendSlack(target.config, notification, options);
      case 'teams':
        return await sendTeams(target.config, notification, options);
      case 'email':
        return await sendEmail(target.config, notification);
    }
  } catch (error) {
    const status = error instanceof SendError ? error.status : undefined;
    const message = error instanceof Error ? error.message : String(error);
    throw new SendError(scrub(message, targetSecrets(target)), status);
  }
}
