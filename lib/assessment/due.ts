/**
 * Due times (docs/incident-model.md, "Escalation and due times" and "Triage"): when the parties a
 * record's routing names must be told and its containment recorded, and when a report nobody has
 * assessed must be assessed. Clock windows (1 hour, 4 hours) run on the clock; business-day
 * windows (1 business day, 1 week) run in the team's business days and time zone. Pure: the
 * calendar comes from the caller, and no function reads the current time.
 */
import type { Answers } from './questions';
import type { Severity } from './rules';

/** How long a party has: minutes on the clock, or whole business days at the same local time. */
export type Deadline = { kind: 'clock'; minutes: number } | { kind: 'business-days'; days: number };

/** The escalation table's "within" column, per severity. A week is five business days. */
export const SEVERITY_DEADLINES: Readonly<Record<Severity, Deadline>> = {
  SEV1: { kind: 'clock', minutes: 60 },
  SEV2: { kind: 'clock', minutes: 4 * 60 },
  SEV3: { kind: 'business-days', days: 1 },
  SEV4: { kind: 'business-days', days: 5 },
};

/** The team's working calendar: an IANA time zone and the working weekdays (1 Monday … 7 Sunday). */
export interface BusinessCalendar {
  timeZone: string;
  workDays?: readonly number[];
}

const MONDAY_TO_FRIDAY: readonly number[] = [1, 2, 3, 4, 5];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** True when the runtime knows `timeZone` (an IANA name such as "Europe/Berlin"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The triage window: 1 hour when the reporter says the output left the company or was acted upon, else 4 hours. */
export function triageDeadline(answers: Partial<Answers> | undefined): Deadline {
  const urgent = answers?.leftCompany === 'yes' || answers?.actedUpon === 'yes';
  return { kind: 'clock', minutes: urgent ? 60 : 4 * 60 };
}

/** When a window that opened at `from` closes. */
export function dueAt(from: Date, deadline: Deadline, calendar: BusinessCalendar): Date {
  if (deadline.kind === 'clock') return new Date(from.getTime() + deadline.minutes * MINUTE);
  const workDays = calendar.workDays?.length ? calendar.workDays : MONDAY_TO_FRIDAY;
  const zone = calendar.timeZone;
  let wall = wallTime(from, zone);
  // A detection outside working days starts the clock when the next working day begins.
  if (!workDays.includes(isoWeekday(wall))) wall = { ...nextWorkDay(wall, workDays), hour: 0, minute: 0, second: 0 };
  for (let i = 0; i < deadline.days; i++) wall = { ...wall, ...nextWorkDay(wall, workDays) };
  return fromWallTime(wall, zone);
}

/** Where a due time stands at `now`: overdue, due soon (the last quarter of the window, at most an hour) or due. */
export function dueState(due: Date, now: Date, from: Date): 'overdue' | 'due-soon' | 'due' {
  const left = due.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  const soon = Math.min(60 * MINUTE, (due.getTime() - from.getTime()) / 4);
  return left <= soon ? 'due-soon' : 'due';
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local date and time in `timeZone` at `instant`. */
function wallTime(instant: Date, timeZone: string): WallTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(format.formatToParts(instant).find((p) => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

function wallAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The instant at which `timeZone` shows `wall`; a time skipped by a clock change moves forward by the change. */
function fromWallTime(wall: WallTime, timeZone: string): Date {
  const target = wallAsUtc(wall);
  const offsetAt = (instant: number) => wallAsUtc(wallTime(new Date(instant), timeZone)) - instant;
  const first = target - offsetAt(target);
  const second = target - offsetAt(first);
  // In a gap neither guess shows the wall time; the later offset gives the moment after the change.
  return new Date(Math.max(first, second));
}

/** 1 Monday … 7 Sunday, for a local date. */
function isoWeekday(wall: WallTime): number {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() || 7;
}

/** The next working date after `wall`'s date (time of day unchanged). */
function nextWorkDay(wall: WallTime, workDays: readonly number[]): WallTime {
  let date = Date.UTC(wall.year, wall.month - 1, wall.day);
  for (let step = 0; step < 7; step++) {
    date += DAY;
    const d = new Date(date);
    const next = { ...wall, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    if (workDays.includes(isoWeekday(next))) return next;
  }
  throw new RangeError('The calendar has no working day');
}
