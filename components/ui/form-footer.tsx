import { Button } from "./button";

/** The end of every dialog form: the form-level error, then Cancel and the submit button. */
export function FormFooter({
  error,
  onCancel,
  pending,
  submit,
  pendingLabel,
}: {
  error?: string;
  onCancel: () => void;
  pending: boolean;
  submit: string;
  pendingLabel: string;
}) {
  return (
    <>
      {error ? (
        <p role="alert" className="text-sm text-crit">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? pendingLabel : submit}
        </Button>
      </div>
    </>
  );
}
