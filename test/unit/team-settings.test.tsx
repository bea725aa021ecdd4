// The Team settings: time zone, work days and triage reviewer; a late load never overwrites typing.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TeamSettings } from '../../components/settings/TeamSettings';
import { readTeam, teamCalendar, teamItem, type TeamSettings as Team } from '../../lib/settings/team';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

const field = (id: string) => container.querySelector<HTMLInputElement>(`#${id}`)!;
function type(input: HTMLInputElement, value: string) {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const submit = () => container.querySelector('form')!.requestSubmit();

describe('the team settings', () => {
  it('keeps a reviewer typed before the saved settings loaded, and fills the rest', async () => {
    let release: (team: Team) => void = () => undefined;
    vi.spyOn(teamItem, 'getValue').mockReturnValueOnce(new Promise<Team>((resolve) => (release = resolve)));
    await act(async () => root.render(<TeamSettings />));
    act(() => type(field('team-triage-reviewer'), 'Kim Park'));
    await act(async () => release({ timeZone: 'Europe/Berlin', workDays: [1, 2, 3, 4], triageReviewer: 'Old Name' }));
    expect(field('team-triage-reviewer').value).toBe('Kim Park');
    expect(field('team-time-zone').value).toBe('Europe/Berlin');
    const friday = [...container.querySelectorAll<HTMLLabelElement>('label.choice')].find(
      (label) => label.textContent === 'Friday',
    );
    expect(friday?.querySelector('input')?.checked).toBe(false);
  });

  it('refuses an unknown time zone, then saves a valid one', async () => {
    await act(async () => root.render(<TeamSettings />));
    act(() => type(field('team-time-zone'), 'Mars/Olympus'));
    await act(async () => submit());
    expect(container.textContent).toContain('Enter a time zone such as Europe/Berlin');
    expect((await readTeam()).timeZone).toBe('');
    act(() => type(field('team-time-zone'), 'America/New_York'));
    act(() => type(field('team-triage-reviewer'), '  Kim Park '));
    await act(async () => submit());
    await vi.waitFor(async () =>
      expect(await readTeam()).toEqual({
        timeZone: 'America/New_York',
        workDays: [1, 2, 3, 4, 5],
        triageReviewer: 'Kim Park',
      }),
    );
    expect(teamCalendar(await readTeam())).toEqual({ timeZone: 'America/New_York', workDays: [1, 2, 3, 4, 5] });
  });

  it('falls back to a valid calendar when the saved one is unusable', () => {
    const calendar = teamCalendar({ timeZone: 'Nowhere/Else', workDays: [], triageReviewer: '' });
    expect(calendar.workDays).toEqual([1, 2, 3, 4, 5]);
    expect(calendar.timeZone).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
