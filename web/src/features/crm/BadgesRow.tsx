import { Badge, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatLocalDate } from '../../lib/format.ts';
import { badgesKey, crmApi, type BadgeDto } from './api.ts';
import { TagBadge } from './TagBadge.tsx';

/** A field badge's detail: the answer ("left knee"), or for a date badge the date itself. */
const detailOf = (b: BadgeDto) => (b.source === 'date' ? formatLocalDate(b.detail) : b.detail);

/** The customer's badges (Insigne client) under the profile header: badge tags, set fields, today's dates. */
export function BadgesRow({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const badges = useQuery({ queryKey: badgesKey(customerId), queryFn: () => crmApi.badges(customerId), select: (d) => d.items });
  if (!badges.data || badges.data.length === 0) return null;
  return (
    <Group gap="xs" mb="lg" role="list" aria-label={t('crm.badges.label')} data-testid="customer-badges">
      {badges.data.map((b) =>
        b.source === 'tag' ? (
          <TagBadge key={`tag-${b.sourceId}`} role="listitem" color={b.color ?? 'gray'}>
            {b.label}
          </TagBadge>
        ) : (
          // A set field is a warning to staff (an injury): red; a date badge is an occasion (a birthday today): grape.
          <Badge key={`field-${b.sourceId}`} role="listitem" size="lg" variant="filled" color={b.source === 'date' ? 'grape.8' : 'red.8'} style={{ textTransform: 'none', maxWidth: '100%' }}>
            {b.detail ? t('crm.badges.withDetail', { label: b.label, detail: detailOf(b) }) : b.label}
          </Badge>
        ),
      )}
    </Group>
  );
}
