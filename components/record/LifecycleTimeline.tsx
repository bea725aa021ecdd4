import { useEffect, useId, useRef } from 'react';
import { currentStep, statusLabel } from '@/lib/incident/lifecycle';
import { LIFECYCLE_STEPS, type Incident } from '@/lib/incident/schema';
import { LifecycleStep } from './LifecycleStep';
import { ClosedNotice, DispositionActions } from './RecordDisposition';

/**
 * The response of one record: its status and revision, the eight steps in order (the current one
 * open, the others collapsed), then decline and merge. A declined or merged record shows that
 * state first and its steps read-only until it is reopened.
 */
export function LifecycleTimeline({ record }: { record: Incident }) {
  const id = useId();
  const closed = record.status === 'declined' || record.status === 'merged';
  const current = closed ? undefined : currentStep(record);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const noticeRef = useRef<HTMLHeadingElement>(null);
  // After this panel declines, merges or reopens the record, focus follows to the new state
  // instead of being lost with the button that disappeared.
  const moveFocus = useRef(false);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (closed ? noticeRef.current : statusRef.current)?.focus();
  }, [closed]);

  const intendFocus = (on: boolean) => {
    moveFocus.current = on;
  };

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Response</h2>
      <p ref={statusRef} tabIndex={-1} style={{ margin: 0 }}>
        <strong>{`Status: ${statusLabel(record.status)} · revision ${record.revision}`}</strong>
      </p>
      {closed && <ClosedNotice record={record} headingRef={noticeRef} onReopen={intendFocus} />}
      <ol aria-label="Response steps" className="list">
        {LIFECYCLE_STEPS.map((step, index) => (
          <LifecycleStep
            key={step}
            record={record}
            step={step}
            number={index + 1}
            current={step === current}
            locked={closed}
          />
        ))}
      </ol>
      {closed ? (
        <p className="small muted">Reopen the record to edit its steps.</p>
      ) : (
        <DispositionActions record={record} onClosing={intendFocus} />
      )}
    </section>
  );
}
