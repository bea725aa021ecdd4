import { useRef, useState } from 'react';
import { actorName } from '@/lib/incident/create';
import { describeError } from '@/lib/incident/lifecycle-actions';
import { reporterItem } from '@/lib/settings/items';

/**
 * Runs one record action on behalf of the current reporter, keeping its pending state, its error
 * (in reviewer's words) and a short success message. A second run while one is pending is ignored.
 */
export function useRecordAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const running = useRef(false);

  async function run(action: (by: string) => Promise<unknown>, success: string): Promise<boolean> {
    if (running.current) return false;
    running.current = true;
    setPending(true);
    setError('');
    setMessage('');
    try {
      const by = actorName(await reporterItem.getValue());
      await action(by);
      setMessage(success);
      return true;
    } catch (caught) {
      setError(describeError(caught));
      return false;
    } finally {
      running.current = false;
      setPending(false);
    }
  }

  return { pending, error, message, run };
}
