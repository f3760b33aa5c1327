import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OccurrenceDetailDto } from '../../../../src/modules/schedule/contracts.ts';

type VideoFacts = Pick<OccurrenceDetailDto, 'online' | 'videoStatus' | 'videoUrl' | 'videoError'> & { series: Pick<OccurrenceDetailDto['series'], 'videoProvider'> };

const statusColor = { none: 'gray', pending: 'blue', ready: 'teal', failed: 'red' } as const;

/**
 * Staff view of an online class's join link: the pasted link, or the Zoom meeting's state
 * (being made, ready, failed with Zoom's reason). Renders nothing for a class held in person.
 */
export function OccurrenceVideoStatus({ o, canSettings }: { o: VideoFacts; canSettings: boolean }) {
  const { t } = useTranslation();
  if (!o.online) return null;
  const zoom = o.series.videoProvider === 'zoom';
  return (
    <Stack gap={4} data-testid="occurrence-video">
      <Group gap="xs">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {t('video.occurrence.label')}
        </Text>
        {zoom ? (
          <Badge size="sm" variant="light" color={statusColor[o.videoStatus]}>
            {t(`video.occurrence.status.${o.videoStatus}`)}
          </Badge>
        ) : null}
      </Group>
      {o.videoUrl ? (
        <Anchor href={o.videoUrl} target="_blank" rel="noreferrer" size="sm" className="enso-break">
          {o.videoUrl}
        </Anchor>
      ) : (
        <Text size="sm" c="dimmed">
          {zoom ? t('video.occurrence.noMeetingYet') : t('video.occurrence.noLink')}
        </Text>
      )}
      {zoom && o.videoStatus === 'failed' && o.videoError ? (
        <Alert color="red" p="xs">
          <Text size="sm" className="enso-break">
            {o.videoError}
          </Text>
          {canSettings ? (
            <Anchor component={Link} to="/settings/online-classes" size="sm">
              {t('video.occurrence.openSettings')}
            </Anchor>
          ) : null}
        </Alert>
      ) : null}
      <Text size="xs" c="dimmed">
        {t('video.occurrence.onlyBooked')}
      </Text>
    </Stack>
  );
}
