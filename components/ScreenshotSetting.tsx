import { useEffect, useState } from 'react';
import { screenshotSettingItem } from '@/lib/capture/screenshot';

/** Options: whether a flag keeps a screenshot of the visible tab (on by default). */
export function ScreenshotSetting() {
  const [on, setOn] = useState<boolean>();
  useEffect(() => {
    void screenshotSettingItem.getValue().then(setOn);
    return screenshotSettingItem.watch(setOn);
  }, []);
  return (
    <section className="card stack" aria-labelledby="evidence-settings-heading">
      <h2 id="evidence-settings-heading">Evidence</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={on ?? true}
          disabled={on === undefined}
          onChange={(event) => void screenshotSettingItem.setValue(event.target.checked)}
        />
        Keep a screenshot of the visible tab with each flag
      </label>
      <p className="small muted">
        Flagline hides its own button while the picture is taken. Chrome allows it when you flag from the context menu
        or the keyboard shortcut.
      </p>
    </section>
  );
}
