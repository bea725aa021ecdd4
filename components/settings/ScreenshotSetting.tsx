import { useEffect, useState } from 'react';
import { screenshotSettingItem } from '@/lib/settings/screenshot';
import { LockedNote } from '../ui/LockedNote';
import { usePolicy } from './usePolicy';

/** Options: whether a flag keeps a screenshot of the visible tab (off by default; policy may forbid it). */
export function ScreenshotSetting() {
  const [on, setOn] = useState<boolean>();
  const policy = usePolicy();
  useEffect(() => {
    void screenshotSettingItem.getValue().then(setOn);
    return screenshotSettingItem.watch(setOn);
  }, []);
  const locked = policy?.screenshotsAllowed === false;
  return (
    <section className="card stack" aria-labelledby="evidence-settings-heading">
      <h2 id="evidence-settings-heading">Evidence</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={locked ? false : (on ?? false)}
          disabled={on === undefined || policy === undefined || locked}
          aria-describedby={locked ? 'screenshot-locked' : undefined}
          onChange={(event) => {
            // Shown at once; the stored value follows (and the watcher confirms it).
            setOn(event.target.checked);
            void screenshotSettingItem.setValue(event.target.checked);
          }}
        />
        Keep a screenshot of the visible tab with each flag
      </label>
      {locked && <LockedNote id="screenshot-locked" what="Screenshots are off: this" />}
      <p className="small muted">
        Off by default: a picture holds whatever else was on the screen, which no detector can mask. When on, Flagline
        hides its own button while the picture is taken, and Chrome allows it when you flag from the context menu or the
        keyboard shortcut. You can delete a screenshot from the record.
      </p>
    </section>
  );
}
