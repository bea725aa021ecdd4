import { storage } from 'wxt/utils/storage';
import { isValidTimeZone, type BusinessCalendar } from '../assessment/due';

/**
 * The team's working calendar and triage reviewer (docs/incident-model.md, "Triage" and
 * "Escalation"): business-day due times run in this time zone on these weekdays, and a report whose
 * workflow names no owner is the triage reviewer's to assess. Empty fields mean "not set".
 */
export interface TeamSettings {
  /** An IANA time zone ("Europe/Berlin"); empty means the browser's. */
  timeZone: string;
  /** Working weekdays, 1 Monday … 7 Sunday. */
  workDays: number[];
  triageReviewer: string;
}

export const DEFAULT_WORK_DAYS: readonly number[] = [1, 2, 3, 4, 5];

export const teamItem = storage.defineItem<TeamSettings>('local:team', {
  fallback: { timeZone: '', workDays: [...DEFAULT_WORK_DAYS], triageReviewer: '' },
  version: 1,
});

/** The time zone this browser runs in. */
export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The calendar due times use: the saved time zone when valid, else the browser's; Mon–Fri when no day is set. */
export function teamCalendar(team: TeamSettings): BusinessCalendar {
  const zone = team.timeZone.trim();
  const workDays = team.workDays.filter((day) => Number.isInteger(day) && day >= 1 && day <= 7);
  return {
    timeZone: zone && isValidTimeZone(zone) ? zone : browserTimeZone(),
    workDays: workDays.length > 0 ? workDays : [...DEFAULT_WORK_DAYS],
  };
}

/** The saved team settings, read when a record is routed. */
export async function readTeam(): Promise<TeamSettings> {
  const saved = await teamItem.getValue();
  return {
    timeZone: typeof saved.timeZone === 'string' ? saved.timeZone : '',
    workDays: Array.isArray(saved.workDays) ? saved.workDays : [...DEFAULT_WORK_DAYS],
    triageReviewer: typeof saved.triageReviewer === 'string' ? saved.triageReviewer : '',
  };
}
