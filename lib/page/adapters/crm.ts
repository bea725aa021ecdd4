import { found, type Found } from './types';

/** A CRM or help-desk record the page is about, read from its URL. */
export interface CrmRecord {
  /** The product, as its users name it. */
  system: string;
  /** Ticket, case, conversation or record id, with the URL rule that found it. */
  id: Found;
}

interface UrlRule {
  system: string;
  key: string;
  host: RegExp;
  /** Tried on the path (and, for ServiceNow, the decoded path and query); group 1 is the id. */
  path: RegExp[];
  rule: string;
}

/**
 * URL shapes of the tools' record pages. The path is checked only on the tool's own hosts, so an
 * unrelated site with `/agent/tickets/7` in a path is not taken for Zendesk.
 */
const RULES: UrlRule[] = [
  {
    system: 'Zendesk',
    key: 'zendesk',
    host: /(^|\.)zendesk\.com$/,
    path: [/\/agent\/tickets\/(\d+)/],
    rule: 'ticket id in /agent/tickets/<id>',
  },
  {
    system: 'Intercom',
    key: 'intercom',
    host: /(^|\.)intercom\.(com|io)$/,
    path: [/\/a\/(?:inbox|apps)\/.*\/conversations?\/(\d+)/],
    rule: 'conversation id in /a/inbox/…/conversation/<id>',
  },
  {
    system: 'Salesforce',
    key: 'salesforce',
    host: /(^|\.)(lightning\.force\.com|my\.salesforce\.com|salesforce\.com)$/,
    path: [/\/lightning\/r\/(?:[\w]+\/)?([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)(?:\/|$)/],
    rule: 'record id in /lightning/r/<Object>/<id>',
  },
  {
    system: 'HubSpot',
    key: 'hubspot',
    host: /(^|\.)hubspot\.com$/,
    path: [/\/contacts\/\d+\/(?:record\/[\d-]+|contact|company|deal|ticket)\/(\d+)/],
    rule: 'record id in /contacts/<portal>/record/<type>/<id>',
  },
  {
    system: 'Freshdesk',
    key: 'freshdesk',
    host: /(^|\.)freshdesk\.com$/,
    path: [/\/(?:a|helpdesk)\/tickets\/(\d+)/],
    rule: 'ticket id in /a/tickets/<id>',
  },
  {
    system: 'ServiceNow',
    key: 'servicenow',
    host: /(^|\.)service-now\.com$/,
    // Classic (`incident.do?sys_id=`, also inside `nav_to.do?uri=`) and workspaces (`/record/<table>/<sys_id>`).
    path: [/\.do\?(?:.*&)?sys_id=([0-9a-f]{32})/, /\/record\/\w+\/([0-9a-f]{32})/],
    rule: 'sys_id in the record URL',
  },
];

function decoded(text: string): string {
  try {
    // Twice: ServiceNow nests the record URL, encoded, inside its navigation URL.
    return decodeURIComponent(decodeURIComponent(text));
  } catch {
    return text;
  }
}

/** The record a CRM or help-desk page shows, or undefined when the URL is not one of theirs. */
export function crmRecord(
  location: Pick<Location, 'hostname' | 'pathname' | 'search' | 'hash'> | null,
): CrmRecord | undefined {
  if (!location) return undefined;
  const rule = RULES.find((r) => r.host.test(location.hostname));
  if (!rule) return undefined;
  const where = decoded(`${location.pathname}${location.search}${location.hash}`);
  for (const pattern of rule.path) {
    const id = found(pattern.exec(where)?.[1], `${rule.key}:${rule.rule}`);
    if (id) return { system: rule.system, id };
  }
  return undefined;
}
