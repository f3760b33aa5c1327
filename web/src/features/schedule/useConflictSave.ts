import { useState } from 'react';
import { conflictsOf, type ConflictDto } from './api.ts';

/**
 * A save that may come back with `schedule_conflict`: the conflicts are kept for the form to
 * show, and `saveAnyway` sends the same values again with `confirmConflicts: true`. Every other
 * error goes to `onError` (field errors on the form, or a notification).
 */
export function useConflictSave<V>(run: (values: V, confirmConflicts: boolean) => Promise<void>, onError: (error: unknown) => void) {
  const [conflicts, setConflicts] = useState<ConflictDto[] | null>(null);
  const [pending, setPending] = useState<V | null>(null);
  const [saving, setSaving] = useState(false);

  const attempt = async (values: V, confirm: boolean) => {
    setSaving(true);
    try {
      await run(values, confirm);
      setConflicts(null);
      setPending(null);
    } catch (error) {
      const found = conflictsOf(error);
      if (found && !confirm) {
        setConflicts(found);
        setPending(values);
      } else {
        setConflicts(null);
        onError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  return {
    conflicts,
    saving,
    save: (values: V) => attempt(values, false),
    saveAnyway: () => (pending ? attempt(pending, true) : Promise.resolve()),
    dismiss: () => {
      setConflicts(null);
      setPending(null);
    },
  };
}
