/**
 * What a notification says about a record, composed once and rendered for each kind of target
 * (plain text, Slack mrkdwn, a Teams Adaptive Card, a signed JSON webhook). Pure: the time and the
 * console's address come from the caller. Record text is only ever text: Slack's control
 * characters are escaped and Teams gets it in text runs, which render no markdown, so page text
 * cannot add links or mentions. Values that look like secrets are masked again before they leave.
 */
import { SEVERITY_LABELS, type Severity } from '../../lib/assessment/rules';
import { dueWords } from '../../lib/incident/due-state';
import type { Incident } from '../../lib/incident/schema';
import { redactText } from '../../lib/redaction/detect';
import { stripSecretParams } from '../../lib/shared/secret-url';

/** The party an unassessed record without routing is for: whoever triages it (docs/incident-model.md, "Triage"). */
export const TRIAGE_PARTY = 'Triage';

/** Longest "what" line: the flagged output, on one line. */
export const MAX_WHAT = 200;

/** Everything a notification tells, each field already safe to show as text. */
export interface Notification {
  recordId: string;
  revision: number;
  /** One line: "SEV1 critical incident in Refunds" or "New report in Refunds (not yet assessed)". */
  title: string;
  /** WHAT: the flagged output on one line, at most 200 characters. */
  what: string;
  workflow: string;
  /** HOW SEVERE. */
  severity: {
    recordClass: 'incident' | 'near-miss' | 'unassessed';
    level: Severity | null;
    provisional: boolean;
    /** "Incident · SEV1 critical", "Near miss · SEV3 moderate (provisional)", "Not yet assessed". */
    words: string;
  };
  /** WHERE. */
  page: { title: string; url: string };
  /** BY WHEN: the routing's due time, else the triage due time. */
  due: { at: string; kind: 'response' | 'triage'; words: string } | null;
  /** WHO it is for: the parties the routing names ("Triage" for a report nobody has assessed). */
  parties: string[];
  /** The party names as shown: the triage party names its owner. */
  partyWords: string;
  /** WHY now: "New record" or "Severity raised from SEV3 to SEV1". */
  reason: string;
  /** The record in the team console. */
  link: string;
  /** True for a target's test message. */
  test?: boolean;
}

const RANK: Readonly<Record<Severity, number>> = { SEV4: 1, SEV3: 2, SEV2: 3, SEV1: 4 };

/** The severity a record stands at: its assessment's, else its routing's; null when nobody assessed it. */
export function recordSeverity(record: Pick<Incident, 'assessment' | 'routing'>): Severity | null {
  return record.assessment?.severity ?? record.routing?.severity ?? null;
}

/** SEV1 highest; a record nobody has assessed ranks below SEV4. */
export function severityRank(severity: Severity | null): number {
  return severity ? RANK[severity] : 0;
}

/**
 * Why a newly stored latest revision is worth telling, or undefined when it is not: the record's
 * first revision here ("New record"), or a revision that raises the severity over the one it
 * replaced ("Severity raised from SEV3 to SEV1").
 */
export function notificationReason(record: Incident, previous: Incident | undefined): string | undefined {
  if (!previous) return 'New record';
  const before = recordSeverity(previous);
  const after = recordSeverity(record);
  if (severityRank(after) <= severityRank(before)) return undefined;
  return `Severity raised from ${before ?? 'not yet assessed'} to ${after}`;
}

/**
 * Who a record's notification is for: the `who` of every party its routing names; a record with
 * no routing (nobody assessed it yet) is for the triage party.
 */
export function recordParties(record: Pick<Incident, 'routing'>): string[] {
  const parties = record.routing?.parties.map((party) => party.who) ?? [];
  return parties.length ? parties : [TRIAGE_PARTY];
}

/** True when a target listening for `wanted` parties (none = every notification) gets one for `parties`. */
export function partiesMatch(wanted: readonly string[], parties: readonly string[]): boolean {
  if (!wanted.length) return true;
  const names = new Set(parties.map((who) => who.trim().toLowerCase()));
  return wanted.some((who) => names.has(who.trim().toLowerCase()));
}

/** Record text as one line with secret-looking values masked, cut to `max` characters. */
export function oneLine(text: string, max: number): string {
  const line = redactText(text.replace(/\s+/g, ' ').trim(), ['secrets']).text;
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** The page address without credentials or secret-named parameters. */
function safeUrl(href: string): string {
  let url = stripSecretParams(href).url;
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
      url = parsed.href;
    }
  } catch {
    // Not a URL: shown as the text it is.
  }
  return oneLine(url, 500);
}

function severityWords(record: Incident): Notification['severity'] {
  const level = recordSeverity(record);
  const recordClass = record.assessment?.class ?? 'unassessed';
  const provisional = Boolean(record.assessment?.provisional);
  if (!level || recordClass === 'unassessed') {
    return { recordClass, level, provisional, words: 'Not yet assessed' };
  }
  const kind = recordClass === 'incident' ? 'Incident' : 'Near miss';
  return {
    recordClass,
    level,
    provisional,
    words: `${kind} · ${SEVERITY_LABELS[level]}${provisional ? ' (provisional)' : ''}`,
  };
}

function dueOf(record: Incident, now: Date): Notification['due'] {
  const routed = record.routing?.dueAt;
  const at = routed ?? record.triage?.dueAt;
  if (!at) return null;
  const dueAt = new Date(at);
  const state = dueAt.getTime() < now.getTime() ? 'overdue' : 'due';
  return { at: dueAt.toISOString(), kind: routed ? 'response' : 'triage', words: dueWords({ dueAt, state }, now) };
}

/** The console's page of one record. */
export function consoleLink(consoleUrl: string, id: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/console/#/incidents/${encodeURIComponent(id)}`;
}

/** The notification for a record's stored revision, sent for `reason`, as of `now`. */
export function composeNotification(
  record: Incident,
  options: { reason: string; consoleUrl: string; now: Date },
): Notification {
  const severity = severityWords(record);
  const workflow = oneLine(record.workflow?.name || 'No workflow', 200);
  const parties = recordParties(record).map((who) => oneLine(who, 200));
  const owner = record.triage?.owner ? oneLine(record.triage.owner, 200) : undefined;
  const partyWords = oneLine(
    parties
      .map((who) =>
        who === TRIAGE_PARTY && !record.routing ? `${who} (${owner ? `owner ${owner}` : 'no owner yet'})` : who,
      )
      .join(', '),
    500,
  );
  const kind = severity.recordClass === 'incident' ? 'incident' : 'near miss';
  const title = severity.level
    ? `${SEVERITY_LABELS[severity.level]} ${kind} in ${workflow}`
    : `New report in ${workflow} (not yet assessed)`;
  return {
    recordId: record.id,
    revision: record.revision,
    title,
    what: oneLine(record.evidence.output, MAX_WHAT) || '(no text captured)',
    workflow,
    severity,
    page: {
      title: oneLine(record.evidence.page.title, 300) || '(untitled page)',
      url: safeUrl(record.evidence.page.url),
    },
    due: dueOf(record, options.now),
    parties,
    partyWords,
    reason: oneLine(options.reason, 200),
    link: consoleLink(options.consoleUrl, record.id),
  };
}

/** A target's test message: every field a real one has, about no record. */
export function testNotification(options: { consoleUrl: string; targetName: string; now: Date }): Notification {
  const dueAt = new Date(options.now.getTime() + 4 * 3_600_000);
  return {
    recordId: 'test',
    revision: 0,
    title: 'Test notification from Flagline',
    what: `This is a test of the notification target "${oneLine(options.targetName, 100)}". No record is involved.`,
    workflow: 'No workflow',
    severity: { recordClass: 'unassessed', level: null, provisional: false, words: 'Not yet assessed' },
    page: { title: '(none)', url: '' },
    due: { at: dueAt.toISOString(), kind: 'triage', words: dueWords({ dueAt, state: 'due' }, options.now) },
    parties: [],
    partyWords: '(test)',
    reason: 'Test sent from the console',
    link: `${options.consoleUrl.replace(/\/+$/, '')}/console/`,
    test: true,
  };
}

function dueLine(n: Notification): string {
  if (!n.due) return 'No due time set';
  const what = n.due.kind === 'triage' ? 'assessment' : 'response';
  return `${n.due.words} (${what} due ${n.due.at})`;
}

/** The labelled lines every rendering shows, in order. */
export function notificationFacts(n: Notification): [label: string, value: string][] {
  return [
    ['What', n.what],
    ['Workflow', n.workflow],
    ['How severe', n.severity.words],
    ['Where', n.page.url ? `${n.page.title} — ${n.page.url}` : n.page.title],
    ['By when', dueLine(n)],
    ['For', n.partyWords],
    ['Why', n.reason],
  ];
}

/** The notification as plain text: the e-mail body and every chat message's fallback. */
export function notificationText(n: Notification): string {
  return [
    `Flagline: ${n.title}`,
    '',
    ...notificationFacts(n).map(([label, value]) => `${label}: ${value}`),
    '',
    `Open in the console: ${n.link}`,
  ].join('\n');
}

/** E-mail subject and body. */
export function emailContent(n: Notification): { subject: string; text: string } {
  return { subject: oneLine(`[Flagline] ${n.title}`, 200), text: `${notificationText(n)}\n` };
}

/** Slack's three control characters, so record text can never become a link, mention or command. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SLACK_SECTION_MAX = 3_000;

/** A Slack incoming-webhook body: the text fallback and one mrkdwn section per part. */
export function slackPayload(n: Notification): { text: string; blocks: unknown[] } {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const facts = notificationFacts(n).map(([label, value]) => `*${label}:* ${slackEscape(value)}`);
  const together = facts.join('\n');
  return {
    text: slackEscape(`Flagline: ${n.title}`),
    blocks: [
      section(`*Flagline: ${slackEscape(n.title)}*`),
      // A section holds at most 3,000 characters: escaped text that would not fit goes one fact a section.
      ...(together.length <= SLACK_SECTION_MAX ? [section(together)] : facts.map(section)),
      section(`<${n.link}|Open in the console>`),
    ],
  };
}

/** A Teams text block of plain text runs (text runs render no markdown). */
function runs(...parts: { text: string; bold?: boolean }[]) {
  return {
    type: 'RichTextBlock',
    inlines: parts.map((part) => ({ type: 'TextRun', text: part.text, ...(part.bold ? { weight: 'Bolder' } : {}) })),
  };
}

/** A Teams incoming-webhook message carrying an Adaptive Card 1.4. */
export function teamsPayload(n: Notification): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { ...runs({ text: `Flagline: ${n.title}`, bold: true }), separator: false },
            ...notificationFacts(n).map(([label, value]) => runs({ text: `${label}: `, bold: true }, { text: value })),
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open in the console', url: n.link }],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

/** A generic webhook's JSON body, in the Standard Webhooks shape `{type, timestamp, data}`. */
export function webhookPayload(n: Notification, now: Date): unknown {
  return {
    type: n.test ? 'flagline.notification.test' : 'flagline.notification',
    timestamp: now.toISOString(),
    data: {
      recordId: n.recordId,
      revision: n.revision,
      title: n.title,
      what: n.what,
      workflow: n.workflow,
      severity: n.severity,
      page: n.page,
      due: n.due,
      parties: n.parties,
      reason: n.reason,
      link: n.link,
      text: notificationText(n),
    },
  };
}
