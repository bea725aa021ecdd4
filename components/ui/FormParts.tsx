import type { ReactNode } from 'react';
import { TextField } from './TextField';

/** One text field of a form laid out from a list: the value under `key`, shown with `label`. */
export interface TextFieldSpec<K extends string> {
  key: K;
  id: string;
  label: string;
  multiline?: boolean;
  type?: string;
  placeholder?: string;
}

/** Text fields in the order given, each with its value, error and change handler. */
export function TextFields<K extends string>({
  specs,
  values,
  errors,
  onChange,
}: {
  specs: readonly TextFieldSpec<K>[];
  values: Readonly<Record<K, string>>;
  errors: Partial<Record<string, string>>;
  onChange: (key: K, value: string) => void;
}) {
  return specs.map(({ key, ...spec }) => (
    <TextField key={key} {...spec} value={values[key]} error={errors[key]} onChange={(value) => onChange(key, value)} />
  ));
}

/** A form-level error (one not tied to a field), announced when it appears. */
export function FormAlert({ message, id }: { message: string | undefined; id?: string }) {
  return message ? (
    <p id={id} className="error" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * The submit button and a Cancel beside it. `pending` either disables the button or, where it must
 * stay focusable and announced, only marks it `aria-disabled`.
 */
export function SubmitRow({
  label,
  pending,
  ariaDisabled = false,
  onCancel,
  children,
}: {
  label: string;
  pending: boolean;
  ariaDisabled?: boolean;
  onCancel?: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="row">
      <button
        type="submit"
        className="primary"
        disabled={ariaDisabled ? undefined : pending}
        aria-disabled={ariaDisabled ? pending || undefined : undefined}
      >
        {label}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {children}
    </div>
  );
}
