import { Badge, Button, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { formatInZone, formatLocalDate, formatMoney } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { membershipsApi, membershipsKey, renewalsKey, useMemberships, useRenewals, type RenewalDto } from './api.ts';
import { MembershipCard } from './MembershipCard.tsx';
import { SellModal } from './SellModal.tsx';

const renewalColor: Record<RenewalDto['status'], string> = { upcoming: 'gray', due: 'blue', charging: 'blue', paid: 'teal', failed: 'orange', abandoned: 'red' };

interface Props {
  customer: { id: string; anonymized?: boolean };
  currency: string;
  timeZone: string | undefined;
}

/** Profile › Memberships and Renewals: what the customer holds, selling a plan, and the renewal charges with their attempts. */
export function MembershipsSection({ customer, currency, timeZone }: Props) {
  const { t } = useTranslation();
  const canRead = useCan('memberships:read');
  const canWrite = useCan('memberships:write');
  const [tab, setTab] = useState<string | null>('memberships');
  const [selling, setSelling] = useState(false);
  const list = useMemberships(customer.id);
  if (!canRead) return null;

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="memberships-heading">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} fz="lg" id="memberships-heading">
          {t('memberships.title')}
        </Title>
        {canWrite && !customer.anonymized ? (
          <Button size="xs" leftSection={<IconPlus size={16} />} onClick={() => setSelling(true)}>
            {t('memberships.sell')}
          </Button>
        ) : null}
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="memberships">{t('memberships.tabs.memberships')}</Tabs.Tab>
          <Tabs.Tab value="renewals">{t('memberships.tabs.renewals')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="memberships" pt="sm">
          <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
          {list.data && list.data.length === 0 ? (
            <Text c="dimmed" size="sm" role="status">
              {t('memberships.empty')}
            </Text>
          ) : null}
          <Stack gap="sm">
            {(list.data ?? []).map((m) => (
              <MembershipCard key={m.id} m={m} canWrite={canWrite} />
            ))}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="renewals" pt="sm">
          <RenewalsTab customerId={customer.id} canWrite={canWrite} timeZone={timeZone} />
        </Tabs.Panel>
      </Tabs>
      {selling ? <SellModal customerId={customer.id} currency={currency} onClose={() => setSelling(false)} /> : null}
    </Paper>
  );
}

function RenewalsTab({ customerId, canWrite, timeZone }: { customerId: string; canWrite: boolean; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const renewals = useRenewals(customerId, true);
  const [busy, setBusy] = useState<string | null>(null);

  const retry = async (r: RenewalDto) => {
    setBusy(r.id);
    try {
      const result = await membershipsApi.retryRenewal(r.id);
      await queryClient.invalidateQueries({ queryKey: renewalsKey(customerId) });
      await queryClient.invalidateQueries({ queryKey: membershipsKey(customerId) });
      if (result.status === 'paid') notifySuccess(t('memberships.retryPaid'));
      else notifyError(new Error(result.failureMessage ?? t('memberships.retryFailed')), t);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <QueryState isPending={renewals.isPending} error={renewals.error} onRetry={() => void renewals.refetch()} />
      {renewals.data && renewals.data.length === 0 ? (
        <Text c="dimmed" size="sm" role="status">
          {t('memberships.noRenewals')}
        </Text>
      ) : null}
      {renewals.data && renewals.data.length > 0 ? (
        <Stack gap="xs" role="list" aria-label={t('memberships.tabs.renewals')} data-testid="renewals-table">
          {renewals.data.map((r) => (
            <Paper key={r.id} withBorder radius="md" p="sm" role="listitem">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600} size="sm">
                      {r.planName}
                    </Text>
                    <Badge color={renewalColor[r.status]} variant="dot" size="sm">
                      {t(`memberships.renewalStatus.${r.status}`)}
                    </Badge>
                  </Group>
                  <Text size="sm">
                    {t('memberships.renewalLine', { date: formatLocalDate(r.periodStart), amount: formatMoney(r.amountMinor, r.currency) })}
                  </Text>
                  {r.failureMessage && r.status !== 'paid' ? (
                    <Text size="xs" c="red.8">
                      {r.failureMessage}
                    </Text>
                  ) : null}
                  {r.nextAttemptAt && r.status === 'failed' ? (
                    <Text size="xs" c="dimmed">
                      {t('memberships.nextAttempt', { date: formatInZone(r.nextAttemptAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' }) })}
                    </Text>
                  ) : null}
                  {r.history.length > 0 ? (
                    <Text size="xs" c="dimmed">
                      {t('memberships.fields.attempts')}:{' '}
                      {r.history.map((a) => `#${a.attempt} ${t(`memberships.attemptStatus.${a.status}`)} ${formatInZone(a.startedAt, timeZone, { dateStyle: 'short' })}`).join(' · ')}
                    </Text>
                  ) : null}
                </Stack>
                {canWrite && r.status === 'failed' ? (
                  <Button size="xs" variant="light" loading={busy === r.id} onClick={() => void retry(r)}>
                    {t('memberships.retryNow')}
                  </Button>
                ) : null}
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : null}
    </>
  );
}
