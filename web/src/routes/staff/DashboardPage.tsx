import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../app/permissions.ts';
import { IconBuilding, IconIdBadge, IconMapPin, IconPlus, IconUsers } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { customersApi } from '../../features/customers/api.ts';
import { staffApi, staffKey } from '../../features/identity/api.ts';
import { useLocations, useStudio } from '../../features/studios/api.ts';
import { formatNumber } from '../../lib/format.ts';
import { useStaffSession } from './session.tsx';

function StatCard({ label, value, loading, to, icon }: { label: string; value: string; loading: boolean; to: string; icon: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component={Link} to={to}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text c="dimmed" size="sm" fw={600}>
            {label}
          </Text>
          {loading ? <Skeleton h={34} w={60} mt={4} /> : <Text fz={30} fw={700}>{value}</Text>}
        </div>
        <Text c="brand.7" aria-hidden="true">
          {icon}
        </Text>
      </Group>
    </Card>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const session = useStaffSession();
  const canCustomers = can(session, 'customers:read');
  const canLocations = can(session, 'locations:read');
  const canStaff = can(session, 'staff:read');
  const studio = useStudio(can(session, 'studio:read'));
  const customers = useQuery({
    queryKey: ['customers', 'count'],
    queryFn: () => customersApi.search('', null, 100),
    enabled: canCustomers,
    select: (page) => ({ count: page.total ?? page.items.length, more: page.total === undefined && page.nextCursor !== null }),
  });
  const locations = useLocations(canLocations);
  const staff = useQuery({ queryKey: staffKey, queryFn: staffApi.list, enabled: canStaff });

  const activeLocations = locations.data?.filter((l) => !l.archived).length ?? 0;
  const activeStaff = staff.data?.items.filter((s) => s.status !== 'deactivated').length ?? 0;

  return (
    <Stack gap="xl">
      <PageHeader
        title={studio.data?.name ?? session.studio.name}
        description={t('dashboard.welcome', { name: session.user.firstName })}
      />
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        {canCustomers ? (
          <StatCard
            label={t('dashboard.customers')}
            value={customers.data ? `${formatNumber(customers.data.count)}${customers.data.more ? '+' : ''}` : '–'}
            loading={customers.isPending}
            to="/customers"
            icon={<IconUsers size={28} />}
          />
        ) : null}
        {canLocations ? (
          <StatCard
            label={t('dashboard.locations')}
            value={formatNumber(activeLocations)}
            loading={locations.isPending}
            to="/settings/locations"
            icon={<IconMapPin size={28} />}
          />
        ) : null}
        {canStaff ? (
          <StatCard
            label={t('dashboard.staff')}
            value={formatNumber(activeStaff)}
            loading={staff.isPending}
            to="/settings/staff"
            icon={<IconIdBadge size={28} />}
          />
        ) : null}
      </SimpleGrid>
      <div>
        <Title order={2} fz="lg" mb="sm">
          {t('dashboard.quickLinks')}
        </Title>
        <Group gap="sm">
          {can(session, 'customers:write') ? (
            <Button component={Link} to="/customers?new=1" leftSection={<IconPlus />}>
              {t('customers.add')}
            </Button>
          ) : null}
          {canCustomers ? (
            <Button component={Link} to="/customers" variant="light" leftSection={<IconUsers />}>
              {t('dashboard.findCustomer')}
            </Button>
          ) : null}
          {can(session, 'staff:write') ? (
            <Button component={Link} to="/settings/staff?invite=1" variant="light" leftSection={<IconIdBadge />}>
              {t('staff.invite')}
            </Button>
          ) : null}
          {can(session, 'studio:write') ? (
            <Button component={Link} to="/settings/studio" variant="light" leftSection={<IconBuilding />}>
              {t('nav.studio')}
            </Button>
          ) : null}
          {studio.data ? (
            <Button component="a" href={`/s/${studio.data.slug}`} variant="subtle" target="_blank" rel="noopener">
              {t('dashboard.publicPage')}
            </Button>
          ) : null}
        </Group>
      </div>
    </Stack>
  );
}
