import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { isNewFlag } from '@/lib/incident/duplicates';
import { recordStatusLabel } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { dismissalKey, useDuplicateDismissals } from '@/lib/ui/duplicate-dismissals';
import { excerpt, formatTime } from '@/lib/ui/format';
import { usePanelStore } from '@/lib/ui/panel-store';
import { duplicateCandidates } from '@/lib/ui/reads';
import { FormAlert } from '../ui/FormParts';
import { useSaveNotice } from './save-notice';
import { useRecordAction } from './useRecordAction';

/** A record as the duplicate offer names it: what was flagged, when, and where it stands. */
export const duplicateSummary = (record: Incident) =>
  `“${excerpt(record.evidence.output, 80)}” (flagged ${formatTime(record.timeline.detectedAt)}, ${recordStatusLabel(record).toLowerCase()})`;

/**
 * When a new flag quotes the same message as an older open record, offers to merge it there
 * (docs/incident-model.md, "Lifecycle"). "Keep separate" hides the offer for that pair; merging
 * opens the record that stays, which lists its duplicates.
 */
export function DuplicateOffer({ record }: { record: Incident }) {
  const id = useId();
  const fresh = isNewFlag(record);
  const candidates = useLiveQuery(
    () => (fresh ? duplicateCandidates(record) : Promise.resolve([])),
    [record.id, record.revision, fresh],
  );
  const dismissed = useDuplicateDismissals((state) => state.dismissed);
  const dismiss = useDuplicateDismissals((state) => state.dismiss);
  const open = usePanelStore((state) => state.open);
  const say = useSaveNotice((state) => state.say);
  const merge = useRecordAction();
  const candidate = candidates?.find((other) => !dismissed.includes(dismissalKey(record.id, other.id)));
  if (!fresh || !candidate) return null;

  function mergeIntoCandidate(target: Incident) {
    void merge.run({ type: 'ui-bg:merge', id: record.id, targetId: target.id }, 'Record merged.').then((done) => {
      if (!done) return;
      say(target.id, 'The duplicate flag was merged into this record.');
      open(target.id);
    });
  }

  return (
    <section className="card notice stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Possible duplicate</h2>
      <p style={{ margin: 0, overflowWrap: 'anywhere' }}>
        This looks like a duplicate of {duplicateSummary(candidate)}.
      </p>
      <div className="row">
        <button
          type="button"
          disabled={merge.pending}
          onClick={() => mergeIntoCandidate(candidate)}
          aria-describedby={merge.error ? `${id}-error` : undefined}
        >
          Merge into that record
        </button>
        <button type="button" onClick={() => dismiss(record.id, candidate.id)}>
          Keep separate
        </button>
      </div>
      <FormAlert id={`${id}-error`} message={merge.error} />
    </section>
  );
}
