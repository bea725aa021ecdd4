import { useEffect, useState } from 'react';
import type { RedactionLevel } from '@/lib/settings/policy';
import { redactionLevelItem } from '@/lib/settings/redaction';
import { LockedNote } from '../ui/LockedNote';
import { usePolicy } from './usePolicy';

const LEVELS: { value: RedactionLevel; label: string; help: string }[] = [
  {
    value: 'standard',
    label: 'Standard',
    help: 'Keys, tokens and passwords are masked before a flag is stored; e-mail addresses, phone numbers, card numbers, IBANs and social security numbers stay on this device and are masked whenever a record leaves it (sync, export).',
  },
  {
    value: 'strict',
    label: 'Strict',
    help: 'Personal data is masked before the flag is stored as well: not even this device keeps it.',
  },
];

/** Options: how much is masked before a flag is stored. */
export function RedactionSetting() {
  const [level, setLevel] = useState<RedactionLevel>();
  const policy = usePolicy();
  useEffect(() => {
    void redactionLevelItem.getValue().then(setLevel);
    return redactionLevelItem.watch(setLevel);
  }, []);
  const locked = policy?.redactionLevel !== undefined;
  const shown = policy?.redactionLevel ?? level;
  return (
    <section className="card stack" aria-labelledby="redaction-heading">
      <h2 id="redaction-heading">Redaction</h2>
      <fieldset className="stack" aria-describedby={locked ? 'redaction-locked' : undefined}>
        <legend className="small muted">Redaction level</legend>
        {LEVELS.map((option) => (
          <label key={option.value} className="row">
            <input
              type="radio"
              name="redaction-level"
              value={option.value}
              checked={shown === option.value}
              disabled={locked || shown === undefined || policy === undefined}
              onChange={() => {
                setLevel(option.value);
                void redactionLevelItem.setValue(option.value);
              }}
            />
            <span>
              <strong>{option.label}</strong> <span className="small muted">{option.help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {locked && <LockedNote id="redaction-locked" what="The redaction level" />}
    </section>
  );
}
