import { Alert, Button, Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatInZone } from '../../lib/format.ts';
import type { ConflictDto } from './api.ts';
import type { useConflictSave } from './useConflictSave.ts';

type ConflictSaver = ReturnType<typeof useConflictSave>;

interface Props {
  conflicts: ConflictDto[];
  /** The zone the times are shown in (the class's location's). */
  timeZone: string | undefined;
  saving: boolean;
  onSaveAnyway: () => void;
  onDismiss: () => void;
}

/** The classes a save would double-book (same teacher or same room at the same time), with an explicit "Save anyway". */
export function ConflictAlert({ conflicts, timeZone, saving, onSaveAnyway, onDismiss }: Props) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t('schedule.conflicts.title')} role="alert" data-testid="schedule-conflicts">
      <Text size="sm" mb="xs">
        {t('schedule.conflicts.message', { count: conflicts.length })}
      </Text>
      <List size="sm" spacing={4}>
        {conflicts.map((c) => (
          <List.Item key={`${c.occurrenceId}-${c.reason}`}>
            <Text span fw={600} size="sm">
              {c.name}
            </Text>
            {' · '}
            {formatInZone(c.startsAt, timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}
            {'–'}
            {formatInZone(c.endsAt, timeZone, { hour: '2-digit', minute: '2-digit' })}
            {' · '}
            {t(`schedule.conflicts.reason.${c.reason}`)}
          </List.Item>
        ))}
      </List>
      <Group justify="flex-end" mt="sm" gap="xs">
        <Button variant="default" size="xs" onClick={onDismiss}>
          {t('schedule.conflicts.change')}
        </Button>
        <Button color="orange" size="xs" loading={saving} onClick={onSaveAnyway}>
          {t('schedule.conflicts.saveAnyway')}
        </Button>
      </Group>
    </Alert>
  );
}

/** The conflicts a `useConflictSave` saver met, if any, wired to its "Save anyway" and dismiss. */
export function SaverConflicts({ saver, timeZone }: { saver: Pick<ConflictSaver, 'conflicts' | 'saving' | 'saveAnyway' | 'dismiss'>; timeZone: string | undefined }) {
  if (!saver.conflicts) return null;
  return <ConflictAlert conflicts={saver.conflicts} timeZone={timeZone} saving={saver.saving} onSaveAnyway={() => void saver.saveAnyway()} onDismiss={saver.dismiss} />;
}
