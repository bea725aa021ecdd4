/** Said beside a setting the organisation's policy fixes. */
export function LockedNote({ id, what }: { id: string; what: string }) {
  return (
    <p id={id} className="small locked">
      🔒 {what} is set by your organisation and cannot be changed here.
    </p>
  );
}
