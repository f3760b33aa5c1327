import { Alert, Badge, Button, CopyButton, Divider, Drawer, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { formatInZone } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { OccurrenceVideoStatus } from '../video/OccurrenceVideoStatus.tsx';
import { StaffRoster } from '../booking/staff/StaffRoster.tsx';
import { useOccurrence, useTeachers, type OccurrenceDetailDto } from './api.ts';
import { AddDateModal, CancelModal, DeleteModal, EditFollowingModal, EditOccurrenceModal, SubstituteModal } from './OccurrenceDialogs.tsx';

type Dialog = 'edit' | 'following' | 'addDate' | 'substitute' | 'cancel' | 'delete' | null;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Details({ o, onClose }: { o: OccurrenceDetailDto; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('schedule:write');
  const canSettings = useCan('schedule:settings');
  const canEditRole = useCan('schedule:edit');
  const teachers = useTeachers(canWrite);
  const [dialog, setDialog] = useState<Dialog>(null);
  const canEdit = canEditRole && o.canEdit;
  const scheduled = o.status === 'scheduled';
  const substituted = o.substitutedFor !== null && o.substitutedFor !== o.teacherId;
  const regular = teachers.data?.find((x) => x.userId === o.substitutedFor);
  const when = `${formatInZone(o.startsAt, o.timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}, ${o.startTime}–${o.endTime}`;
  const where = o.online
    ? [t('schedule.online'), o.locationName].filter(Boolean).join(' · ')
    : [o.locationName, o.roomName].filter(Boolean).join(' · ') || t('schedule.noPlace');

  return (
    <Stack gap="md">
      <Group gap="xs">
        <span aria-hidden style={{ width: 12, height: 12, borderRadius: 3, background: o.color, display: 'inline-block' }} />
        <Badge variant="light" color="gray">
          {t(`schedule.kinds.${o.kind}.name`)}
        </Badge>
        {o.status === 'cancelled' ? (
          <Badge color="red" variant="filled">
            {t('schedule.status.cancelled')}
          </Badge>
        ) : null}
        {o.visibility !== 'public' ? <Badge variant="outline">{t(`schedule.visibility.${o.visibility}`)}</Badge> : null}
      </Group>
      <Fact label={t('schedule.details.when')}>
        <span data-testid="occurrence-when">{when}</span>{' '}
        <Text span size="xs" c="dimmed">
          ({o.timeZone})
        </Text>
      </Fact>
      <Fact label={t('schedule.fields.teacher')}>
        <span data-testid="occurrence-teacher">{o.teacherName ?? t('schedule.noTeacher')}</span>
        {substituted ? (
          <>
            {' '}
            <Badge size="sm" color="grape" variant="light">
              {t('schedule.details.substitute')}
            </Badge>
            {regular ? (
              <Text span size="xs" c="dimmed">
                {' '}
                {t('schedule.details.insteadOf', { name: `${regular.firstName} ${regular.lastName}`.trim() })}
              </Text>
            ) : null}
          </>
        ) : null}
      </Fact>
      <Fact label={t('schedule.details.where')}>{where}</Fact>
      <OccurrenceVideoStatus o={o} canSettings={canSettings} />
      {o.status === 'cancelled' ? (
        <Alert color="red" title={t('schedule.details.cancelledTitle')} role="status">
          {o.cancelNote ? t('schedule.details.cancelNote', { note: o.cancelNote }) : t('schedule.details.noNote')}
        </Alert>
      ) : null}
      {o.visibility === 'link' ? (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput label={t('schedule.details.shareLink')} value={o.shareUrl} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={o.shareUrl}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      ) : null}

      <Divider />
      <StaffRoster occurrence={o} />

      <Divider />
      <Group gap="xs" role="group" aria-label={t('common.actions')}>
        {canEdit && scheduled ? (
          <Button variant="light" onClick={() => setDialog('edit')}>
            {t('schedule.actions.edit')}
          </Button>
        ) : null}
        {canWrite && canEdit && scheduled && o.series.pattern === 'weekly' ? (
          <Button variant="light" onClick={() => setDialog('following')}>
            {t('schedule.actions.editFollowing')}
          </Button>
        ) : null}
        {canWrite && o.series.pattern === 'dates' && o.kind !== 'class' && o.kind !== 'private' ? (
          <Button variant="light" onClick={() => setDialog('addDate')}>
            {t('schedule.actions.addDate')}
          </Button>
        ) : null}
        {canWrite && canEdit && scheduled ? (
          <Button variant="light" onClick={() => setDialog('substitute')}>
            {t('schedule.actions.substitute')}
          </Button>
        ) : null}
        {canWrite ? (
          <Button variant="light" onClick={() => void navigate(`/schedule/new?from=${encodeURIComponent(o.id)}`)}>
            {t('schedule.actions.duplicate')}
          </Button>
        ) : null}
        {canWrite && scheduled ? (
          <Button variant="light" color="red" onClick={() => setDialog('cancel')}>
            {t('schedule.actions.cancel')}
          </Button>
        ) : null}
        {canWrite ? (
          <Button variant="subtle" color="red" onClick={() => setDialog('delete')}>
            {t('schedule.actions.delete')}
          </Button>
        ) : null}
      </Group>

      {dialog === 'edit' ? <EditOccurrenceModal occurrence={o} onClose={() => setDialog(null)} /> : null}
      {dialog === 'following' ? <EditFollowingModal occurrence={o} onClose={() => setDialog(null)} /> : null}
      {dialog === 'addDate' ? <AddDateModal occurrence={o} onClose={() => setDialog(null)} /> : null}
      {dialog === 'substitute' ? <SubstituteModal occurrence={o} onClose={() => setDialog(null)} /> : null}
      {dialog === 'cancel' ? <CancelModal occurrence={o} onClose={() => setDialog(null)} /> : null}
      {dialog === 'delete' ? (
        <DeleteModal
          occurrence={o}
          onClose={() => setDialog(null)}
          // A deleted class is gone from the calendar: its drawer closes with it.
          onDeleted={onClose}
          onCancelInstead={() => setDialog('cancel')}
        />
      ) : null}
    </Stack>
  );
}

/** One class's details, roster and actions, beside the calendar. */
export function OccurrenceDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const detail = useOccurrence(id);
  return (
    <Drawer
      opened={!!id}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'md'}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={<span data-testid="occurrence-title">{detail.data?.name ?? t('schedule.details.title')}</span>}
    >
      {detail.data && detail.data.id === id ? (
        <Details o={detail.data} onClose={onClose} />
      ) : (
        <QueryState isPending={detail.isPending} error={detail.error} onRetry={() => void detail.refetch()} />
      )}
    </Drawer>
  );
}
