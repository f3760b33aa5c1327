import { Badge, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatLocalDate } from '../../lib/format.ts';
import { badgesKey, crmApi, type BadgeDto } from './api.ts';
import { TagBadge } from './TagBadge.tsx';

/** A field badge's detail: the answer ("left knee"), or for a date badge the date itself. */
const detailOf = (b: BadgeDto) => (b.detail && /^\d{4}-\d{2}-\d{2}$/.test(b.detail) ? formatLocalDate(b.detail) : b.detail);

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
          // Field badges are warnings to staff (an injury, a birthday today): one strong colour, white text.
          <Badge key={`field-${b.sourceId}`} role="listitem" size="lg" variant="filled" color="red.8" style={{ textTransform: 'none', maxWidth: '100%' }}>
            {b.detail ? t('crm.badges.withDetail', { label: b.label, detail: detailOf(b) }) : b.label}
          </Badge>
        ),
      )}
    </Group>
  );
}
