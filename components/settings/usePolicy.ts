import { useEffect, useState } from 'react';
import { readPolicy, watchPolicy, type Policy } from '@/lib/settings/policy';

/** The organisation's policy, kept current; undefined until read. */
export function usePolicy(): Policy | undefined {
  const [policy, setPolicy] = useState<Policy>();
  useEffect(() => {
    const load = () => void readPolicy().then(setPolicy);
    load();
    return watchPolicy(load);
  }, []);
  return policy;
}
