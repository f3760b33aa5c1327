import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifySuccess } from '../../lib/errors.ts';
import { formatInZone, formatLocalDate, formatMoney } from '../../lib/format.ts';
import { checkoutApi, ownCreditKey, ownGiftCardsKey, ownMembershipsKey, ownOrdersKey, type MembershipDto } from './api.ts';
import { checkoutErrorMessage } from './errors.ts';

const statusColor: Record<MembershipDto['status'], string> = {
  pending: 'gray',
  active: 'teal',
  frozen: 'blue',
  past_due: 'orange',
  expired: 'gray',
  cancelled: 'gray',
};


/** A customer's change to one of their memberships: busy while it runs, then the list refreshed, a notice and the dialog closed — or the error shown in it. */
function useMembershipChange(slug: string, done: string, onClose: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (change: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await change();
      await queryClient.invalidateQueries({ queryKey: ownMembershipsKey(slug) });
      notifySuccess(done);
      onClose();
    } catch (err) {
      setError(checkoutErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}

function FreezeModal({ slug, membership, onClose }: { slug: string; membership: MembershipDto; onClose: () => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const { run, busy, error } = useMembershipChange(slug, t('checkout.account.frozen'), onClose);
  const save = () => run(() => checkoutApi.freeze(slug, membership.id, { ...(from ? { startDate: from } : {}), ...(until ? { unfreezeDate: until } : {}) }));
  return (
    <Modal opened onClose={onClose} title={t('checkout.account.freezeTitle', { name: membership.planName })}>
      <Stack>
        <Text size="sm">{t('checkout.account.freezeHelp')}</Text>
        <TextInput type="date" label={t('checkout.account.freezeFrom')} description={t('checkout.account.now')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label={t('checkout.account.freezeUntil')} description={t('checkout.account.untilUnfrozen')} value={until} onChange={(e) => setUntil(e.currentTarget.value)} />
        {error ? (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void save()} loading={busy}>
            {t('checkout.account.freeze')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CancelRenewalModal({ slug, membership, onClose }: { slug: string; membership: MembershipDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { run, busy, error } = useMembershipChange(slug, t('checkout.account.renewalCancelled'), onClose);
  const confirm = () => run(() => checkoutApi.cancelRenewal(slug, membership.id));
  return (
    <Modal opened onClose={onClose} title={t('checkout.account.cancelTitle', { name: membership.planName })}>
      <Stack>
        <Text size="sm">
          {membership.periodEnd
            ? t('checkout.account.cancelHelpUntil', { date: formatLocalDate(membership.periodEnd) })
            : t('checkout.account.cancelHelp')}
        </Text>
        {error ? (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('checkout.account.keepRenewing')}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={busy}>
            {t('checkout.account.cancelRenewal')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MembershipItem({ slug, m }: { slug: string; m: MembershipDto }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'freeze' | 'cancel' | null>(null);
  const live = m.status === 'active' || m.status === 'past_due';
  const credits =
    m.creditsRemaining === null ? t('checkout.account.unlimited') : t('checkout.account.creditsLeft', { count: m.creditsRemaining });
  return (
    <Stack gap={4} data-testid="own-membership">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text fw={600} className="enso-break">
          {m.planName}
        </Text>
        <Badge variant="dot" color={statusColor[m.status]} style={{ flexShrink: 0 }}>
          {t(`checkout.status.${m.status}`)}
        </Badge>
      </Group>
      {m.kind !== 'dollar_pack' ? <Text size="sm">{credits}</Text> : null}
      <Text size="sm" c="dimmed" hidden={Boolean(m.renewalCancelledAt && m.periodEnd)}>
        {m.renewalDate && m.autoRenew
          ? t('checkout.account.renews', { date: formatLocalDate(m.renewalDate) })
          : m.periodEnd
            ? t('checkout.account.until', { date: formatLocalDate(m.periodEnd) })
            : t('checkout.account.noEnd')}
      </Text>
      {m.renewalCancelledAt && m.periodEnd ? (
        <Text size="sm" c="orange.9">
          {t('checkout.account.endsAfterCancel', { date: formatLocalDate(m.periodEnd) })}
        </Text>
      ) : null}
      {live && (m.customerCanFreeze || (m.customerCanCancel && m.autoRenew && !m.renewalCancelledAt)) ? (
        <Group gap="xs">
          {m.customerCanFreeze && m.status === 'active' ? (
            <Button size="xs" variant="light" onClick={() => setDialog('freeze')}>
              {t('checkout.account.freeze')}
            </Button>
          ) : null}
          {m.customerCanCancel && m.autoRenew && !m.renewalCancelledAt ? (
            <Button size="xs" variant="subtle" color="red" onClick={() => setDialog('cancel')}>
              {t('checkout.account.cancelRenewal')}
            </Button>
          ) : null}
        </Group>
      ) : null}
      {dialog === 'freeze' ? <FreezeModal slug={slug} membership={m} onClose={() => setDialog(null)} /> : null}
      {dialog === 'cancel' ? <CancelRenewalModal slug={slug} membership={m} onClose={() => setDialog(null)} /> : null}
    </Stack>
  );
}

/** "My memberships": status, credits left, renewal date; freeze or cancel renewal where the plan allows. */
export function MyMemberships({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ownMembershipsKey(slug), queryFn: () => checkoutApi.memberships(slug) });
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="own-memberships-heading">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="lg" id="own-memberships-heading">
          {t('checkout.account.memberships')}
        </Title>
        <Anchor component={Link} to={`/s/${slug}/plans`} size="sm">
          {t('checkout.account.buyPlan')}
        </Anchor>
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data ? (
        <Stack gap="md">
          {list.data.items.length === 0 ? <Text c="dimmed">{t('checkout.account.noMemberships')}</Text> : null}
          {list.data.items.map((m) => (
            <MembershipItem key={m.id} slug={slug} m={m} />
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}

/** "My purchases": orders with their number, date, total and status (receipts are emailed). */
export function MyOrders({ slug, timeZone }: { slug: string; timeZone: string }) {
  const { t } = useTranslation();
  const orders = useQuery({ queryKey: ownOrdersKey(slug), queryFn: () => checkoutApi.orders(slug) });
  // Purchases are what was paid; an attempt whose card was declined bought nothing and is not one.
  const items = (orders.data?.items ?? []).filter((o) => o.status === 'paid' || o.status === 'partially_refunded' || o.status === 'refunded');
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="own-orders-heading">
      <Title order={2} fz="lg" mb="md" id="own-orders-heading">
        {t('checkout.account.orders')}
      </Title>
      <QueryState isPending={orders.isPending} error={orders.error} onRetry={() => void orders.refetch()} />
      {orders.data ? (
        <Stack gap="xs">
          {items.length === 0 ? <Text c="dimmed">{t('checkout.account.noOrders')}</Text> : null}
          {items.map((o) => (
            <Group key={o.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="own-order">
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  {t('checkout.orderNumber', { number: o.number })}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatInZone(o.paidAt ?? o.createdAt, timeZone, { dateStyle: 'medium' })} · {t(`checkout.orderStatus.${o.status}`)}
                </Text>
              </Stack>
              <Text size="sm" fw={600}>
                {formatMoney(o.totalMinor, o.currency)}
              </Text>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}

/** The customer's prepaid credit and gift cards with a balance (hidden when there are none). */
export function MyCredit({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const credit = useQuery({ queryKey: ownCreditKey(slug), queryFn: () => checkoutApi.credit(slug) });
  const giftCards = useQuery({ queryKey: ownGiftCardsKey(slug), queryFn: () => checkoutApi.giftCards(slug) });
  const cards = (giftCards.data?.items ?? []).filter((g) => g.status === 'active' && g.balanceMinor > 0);
  const balance = credit.data?.balanceMinor ?? 0;
  if (balance <= 0 && cards.length === 0) return null;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="own-credit-heading">
      <Title order={2} fz="lg" mb="xs" id="own-credit-heading">
        {t('checkout.account.credit')}
      </Title>
      {credit.data && balance > 0 ? (
        <>
          <Text fz="xl" fw={700} data-testid="own-credit">
            {formatMoney(balance, credit.data.currency)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('checkout.account.creditHelp')}
          </Text>
        </>
      ) : null}
      {cards.length > 0 ? (
        <Stack gap={4} mt="sm">
          <Text fw={600} size="sm">
            {t('checkout.account.giftCards')}
          </Text>
          {cards.map((g) => (
            <Group key={g.id} justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" ff="monospace" className="enso-break">
                {g.code}
              </Text>
              <Text size="sm" fw={600}>
                {formatMoney(g.balanceMinor, g.currency)}
              </Text>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}
