import { Badge, Button, Group, Menu, Modal, NumberInput, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { IconDots } from '../../app/ui/icons.tsx';
import { applyApiError, notifyError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, formatInZone, formatLocalDate, formatMoney, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { creditsKey, membershipsApi, membershipsKey, renewalsKey, type MembershipDto } from './api.ts';

export const statusColor: Record<MembershipDto['status'], string> = {
  pending: 'gray',
  active: 'teal',
  frozen: 'blue',
  past_due: 'orange',
  expired: 'gray',
  cancelled: 'red',
};

type Dialog = 'freeze' | 'unfreeze' | 'cancel' | 'price' | 'instalments' | 'credits' | null;

/** One membership on the profile: what it gives now and what staff can do with it. */
export function MembershipCard({ m, canWrite }: { m: MembershipDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: membershipsKey(m.customerId) });
    await queryClient.invalidateQueries({ queryKey: renewalsKey(m.customerId) });
    await queryClient.invalidateQueries({ queryKey: creditsKey(m.id) });
  };
  const openFreeze = m.freezes.find((f) => f.status === 'scheduled' || f.status === 'active');
  const live = m.status === 'active' || m.status === 'frozen' || m.status === 'past_due';

  const cancelRenewal = async () => {
    try {
      await membershipsApi.cancelRenewal(m.id);
      await refresh();
      notifySuccess(t('memberships.renewalCancelled', { date: formatLocalDate(m.periodEnd) }));
      close();
    } catch (error) {
      notifyError(error, t);
    }
  };

  return (
    <Paper withBorder radius="md" p="sm" data-testid="membership-card">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{m.planName}</Text>
            <Badge color={statusColor[m.status]} variant="dot" size="sm">
              {t(`memberships.status.${m.status}`)}
            </Badge>
            {m.introOffer ? (
              <Badge variant="outline" color="dark" size="sm">
                {t('memberships.intro')}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            {m.renewalDate
              ? t('memberships.renewsOn', { date: formatLocalDate(m.renewalDate), price: formatMoney(m.renewalPriceMinor ?? m.priceMinor, m.currency) })
              : m.periodEnd
                ? t(live ? 'memberships.validUntil' : 'memberships.endedOn', { date: formatLocalDate(lastDay(m.periodEnd)) })
                : t('memberships.noEnd')}
          </Text>
          <Text size="sm">
            {m.creditsRemaining === null ? t('memberships.unlimited') : t('memberships.creditsLeft', { count: m.creditsRemaining })}
          </Text>
          {openFreeze ? (
            <Text size="sm" c="blue">
              {openFreeze.status === 'scheduled'
                ? t('memberships.freezeScheduled', { from: formatInZone(openFreeze.startsAt, m.timeZone, { dateStyle: 'medium' }) })
                : openFreeze.endsAt
                  ? t('memberships.frozenUntil', { date: formatInZone(openFreeze.endsAt, m.timeZone, { dateStyle: 'medium' }) })
                  : t('memberships.frozenOpen')}
            </Text>
          ) : null}
          {m.instalments.length > 0 ? (
            <Text size="sm" c="dimmed">
              {t('memberships.instalmentsPaid', { paid: m.instalments.filter((i) => i.status === 'paid').length, total: m.instalments.filter((i) => i.status !== 'cancelled').length })}
            </Text>
          ) : null}
        </Stack>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="subtle" size="compact-sm" aria-label={t('memberships.actionsFor', { name: m.planName })}>
              <IconDots size={18} />
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setDialog('credits')}>{t('memberships.creditLedger')}</Menu.Item>
            {canWrite && m.status === 'active' && !openFreeze && m.kind !== 'dollar_pack' ? <Menu.Item onClick={() => setDialog('freeze')}>{t('memberships.freeze')}</Menu.Item> : null}
            {canWrite && openFreeze ? <Menu.Item onClick={() => setDialog('unfreeze')}>{t('memberships.unfreeze')}</Menu.Item> : null}
            {canWrite && m.renewalDate ? <Menu.Item onClick={() => setDialog('price')}>{t('memberships.changePrice')}</Menu.Item> : null}
            {canWrite && m.instalments.length > 0 ? <Menu.Item onClick={() => setDialog('instalments')}>{t('memberships.paymentPlan')}</Menu.Item> : null}
            {canWrite && m.renewalDate ? (
              <Menu.Item color="red" onClick={() => setDialog('cancel')}>
                {t('memberships.cancelRenewal')}
              </Menu.Item>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {dialog === 'freeze' ? <FreezeModal m={m} onClose={close} onDone={refresh} /> : null}
      {dialog === 'unfreeze' ? <UnfreezeModal m={m} onClose={close} onDone={refresh} /> : null}
      {dialog === 'price' ? <RenewalPriceModal m={m} onClose={close} onDone={refresh} /> : null}
      {dialog === 'instalments' ? <InstalmentsModal m={m} canWrite={canWrite} onClose={close} onDone={refresh} /> : null}
      {dialog === 'credits' ? <CreditsModal m={m} canWrite={canWrite} onClose={close} onDone={refresh} /> : null}
      <ConfirmModal
        opened={dialog === 'cancel'}
        title={t('memberships.cancelRenewal')}
        message={t('memberships.cancelConfirm', { date: formatLocalDate(m.periodEnd) })}
        confirmLabel={t('memberships.cancelRenewal')}
        danger
        onConfirm={() => void cancelRenewal()}
        onClose={close}
      />
    </Paper>
  );
}

/** The period end is exclusive: the last usable day is the day before. */
function lastDay(periodEnd: string): string {
  const d = new Date(`${periodEnd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

interface DialogProps {
  m: MembershipDto;
  onClose: () => void;
  onDone: () => Promise<void>;
}

function FreezeModal({ m, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { startDate: '', unfreezeDate: '' } });
  const submit = form.onSubmit(async (v) => {
    try {
      await membershipsApi.freeze(m.id, { ...(v.startDate ? { startDate: v.startDate } : {}), ...(v.unfreezeDate ? { unfreezeDate: v.unfreezeDate } : {}) });
      await onDone();
      notifySuccess(t('memberships.frozen'));
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('memberships.freezeTitle', { name: m.planName })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('memberships.freezeHelp')}
          </Text>
          <TextInput type="date" label={t('memberships.fields.freezeFrom')} description={t('memberships.fields.freezeFromHelp')} {...form.getInputProps('startDate')} />
          <TextInput type="date" label={t('memberships.fields.unfreezeOn')} description={t('memberships.fields.unfreezeOnHelp')} {...form.getInputProps('unfreezeDate')} />
          <FormActions onCancel={onClose} submitLabel={t('memberships.freeze')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

function UnfreezeModal({ m, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { date: '' } });
  const submit = form.onSubmit(async (v) => {
    try {
      await membershipsApi.unfreeze(m.id, v.date ? { date: v.date } : {});
      await onDone();
      notifySuccess(v.date ? t('memberships.unfreezeScheduled') : t('memberships.unfrozen'));
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('memberships.unfreezeTitle', { name: m.planName })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput type="date" label={t('memberships.fields.unfreezeOn')} description={t('memberships.fields.unfreezeNowHelp')} {...form.getInputProps('date')} />
          <FormActions onCancel={onClose} submitLabel={t('memberships.unfreeze')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

function RenewalPriceModal({ m, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const form = useForm<{ price: number | string }>({ initialValues: { price: fromMinorUnits(m.renewalPriceMinor ?? m.priceMinor, m.currency) } });
  const submit = form.onSubmit(async (v) => {
    try {
      await membershipsApi.renewalPrice(m.id, toMinorUnits(v.price, m.currency) ?? 0);
      await onDone();
      notifySuccess(t('memberships.priceChanged'));
      onClose();
    } catch (error) {
      applyApiError(form, error, t, { priceMinor: 'price' });
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('memberships.changePrice')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <NumberInput label={t('memberships.fields.renewalPrice')} description={t('memberships.fields.renewalPriceHelp')} min={0} decimalScale={currencyDigits(m.currency)} {...form.getInputProps('price')} />
          <FormActions onCancel={onClose} submitLabel={t('common.save')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

function InstalmentsModal({ m, canWrite, onClose, onDone }: DialogProps & { canWrite: boolean }) {
  const { t } = useTranslation();
  const digits = currencyDigits(m.currency);
  const open = m.instalments.filter((i) => i.status === 'pending' || i.status === 'failed');
  const form = useForm({ initialValues: { rows: open.map((i) => ({ dueDate: i.dueDate, amount: fromMinorUnits(i.amountMinor, m.currency) as number | string })) } });
  const retry = async (id: string) => {
    try {
      await membershipsApi.retryInstalment(id);
      await onDone();
    } catch (error) {
      notifyError(error, t);
    }
  };
  const submit = form.onSubmit(async (v) => {
    try {
      await membershipsApi.instalments(m.id, { instalments: v.rows.map((r) => ({ dueDate: r.dueDate, amountMinor: toMinorUnits(r.amount, m.currency) ?? 0 })) });
      await onDone();
      notifySuccess(t('common.saved'));
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('memberships.paymentPlan')} size="lg">
      <Stack gap="md">
        <Table.ScrollContainer minWidth={360}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('memberships.fields.due')}</Table.Th>
                <Table.Th>{t('memberships.fields.amount')}</Table.Th>
                <Table.Th>{t('memberships.fields.statusCol')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.instalments
                .filter((i) => i.status !== 'cancelled')
                .map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.seq === 0 ? t('memberships.deposit') : formatLocalDate(i.dueDate)}</Table.Td>
                    <Table.Td>{formatMoney(i.amountMinor, m.currency)}</Table.Td>
                    <Table.Td>
                      {t(`memberships.instalmentStatus.${i.status}`)}
                      {i.failureMessage ? (
                        <Text size="xs" c="red">
                          {i.failureMessage}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {canWrite && i.status === 'failed' ? (
                        <Button size="compact-xs" variant="light" onClick={() => void retry(i.id)}>
                          {t('memberships.retryNow')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {canWrite && open.length > 0 ? (
          <form onSubmit={submit} noValidate>
            <Stack gap="xs">
              <Text fw={500} size="sm">
                {t('memberships.editInstalments')}
              </Text>
              {form.getValues().rows.map((_, index) => (
                <Group key={index} grow wrap="wrap" align="flex-end">
                  <TextInput type="date" label={t('memberships.fields.dueDate', { n: index + 1 })} {...form.getInputProps(`rows.${index}.dueDate`)} />
                  <NumberInput label={t('memberships.fields.amount')} min={0} decimalScale={digits} {...form.getInputProps(`rows.${index}.amount`)} />
                </Group>
              ))}
              <Group>
                <Button variant="light" size="xs" onClick={() => form.insertListItem('rows', { dueDate: '', amount: '' })}>
                  {t('memberships.addInstalment')}
                </Button>
                {form.getValues().rows.length > 1 ? (
                  <Button variant="subtle" color="red" size="xs" onClick={() => form.removeListItem('rows', form.getValues().rows.length - 1)}>
                    {t('memberships.removeLast')}
                  </Button>
                ) : null}
              </Group>
              <Text size="xs" c="dimmed">
                {t('memberships.editInstalmentsRule')}
              </Text>
              <FormActions onCancel={onClose} submitLabel={t('common.save')} loading={form.submitting} />
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Modal>
  );
}

function CreditsModal({ m, canWrite, onClose, onDone }: DialogProps & { canWrite: boolean }) {
  const { t } = useTranslation();
  const ledger = useQuery({ queryKey: creditsKey(m.id), queryFn: () => membershipsApi.credits(m.id) });
  const form = useForm<{ delta: number | string; note: string }>({ initialValues: { delta: '', note: '' } });
  const submit = form.onSubmit(async (v) => {
    try {
      await membershipsApi.adjustCredits(m.id, { delta: Number(v.delta), note: v.note });
      form.reset();
      await onDone();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('memberships.creditLedgerOf', { name: m.planName })} size="lg">
      <Stack gap="md">
        <Text>{ledger.data?.creditsRemaining === null ? t('memberships.unlimited') : t('memberships.creditsLeft', { count: ledger.data?.creditsRemaining ?? 0 })}</Text>
        <Table.ScrollContainer minWidth={360}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('memberships.fields.when')}</Table.Th>
                <Table.Th>{t('memberships.fields.reason')}</Table.Th>
                <Table.Th>{t('memberships.fields.change')}</Table.Th>
                <Table.Th>{t('memberships.fields.balance')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(ledger.data?.items ?? []).map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatInZone(e.createdAt, m.timeZone, { dateStyle: 'short', timeStyle: 'short' })}</Table.Td>
                  <Table.Td>
                    {t(`memberships.reasons.${e.reason}`)}
                    {e.note ? (
                      <Text size="xs" c="dimmed">
                        {e.note}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{e.delta > 0 ? `+${e.delta}` : e.delta}</Table.Td>
                  <Table.Td>{e.balanceAfter}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {canWrite && m.creditsRemaining !== null ? (
          <form onSubmit={submit} noValidate>
            <Group align="flex-end" wrap="wrap" grow>
              <NumberInput label={t('memberships.fields.adjust')} allowDecimal={false} {...form.getInputProps('delta')} />
              <TextInput label={t('memberships.fields.note')} {...form.getInputProps('note')} />
              <Button type="submit" loading={form.submitting}>
                {t('memberships.adjust')}
              </Button>
            </Group>
          </form>
        ) : null}
      </Stack>
    </Modal>
  );
}
