import { useEffect, useState } from 'react';

/** How often due lines move on. */
export const NOW_TICK_MS = 30_000;

/** The current time, refreshed every 30 seconds, so a due line counts down without a reload. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), NOW_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}
