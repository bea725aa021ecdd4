import { useEffect, useRef } from 'react';

export type RowButton = 'edit' | 'remove' | 'cancel-remove';
export type FocusTarget = { kind: 'add' } | { kind: RowButton; id: string };

/**
 * Moves focus once the element it should go to has been rendered (for example, after a row's
 * buttons change), so keyboard users never lose their place. The add button is the fallback.
 */
export function useFocusAfterRender() {
  const addButton = useRef<HTMLButtonElement>(null);
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());
  const pendingFocus = useRef<FocusTarget | null>(null);

  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    const element = target.kind === 'add' ? addButton.current : rowButtons.current.get(`${target.kind}:${target.id}`);
    (element ?? addButton.current)?.focus();
  });

  function focusNext(target: FocusTarget) {
    pendingFocus.current = target;
  }

  /** A ref callback that registers one row's button as a focus target. */
  function rowButton(kind: RowButton, id: string) {
    return (element: HTMLButtonElement | null) => {
      if (element) rowButtons.current.set(`${kind}:${id}`, element);
      else rowButtons.current.delete(`${kind}:${id}`);
    };
  }

  return { addButton, focusNext, rowButton };
}
