import { useRef, useState } from 'react';
import { send, type PageRequest } from '@/lib/messaging/client';

/**
 * Sends one record command to the background, keeping its pending state, its error (in the
 * reviewer's words, from the background) and a short success message. The background records who
 * acted. A second run while one is pending is ignored.
 */
export function useRecordAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const running = useRef(false);

  async function run(request: PageRequest, success: string): Promise<boolean> {
    if (running.current) return false;
    running.current = true;
    setPending(true);
    setError('');
    setMessage('');
    try {
      const reply = await send(request);
      if (!reply.ok) {
        setError(reply.error);
        return false;
      }
      setMessage(success);
      return true;
    } finally {
      running.current = false;
      setPending(false);
    }
  }

  return { pending, error, message, run };
}
