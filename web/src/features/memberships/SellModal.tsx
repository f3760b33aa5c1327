import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, formatMoney, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { usePlanList } from '../plans/api.ts';
import { membershipsApi, membershipsKey, newIdempotencyKey, renewalsKey } from './api.ts';
import { ordersKey } from '../orders/api.ts';

interface Instalment {
  dueDate: string;
  amount: number | string;
}

interface Values {
  planId: string;
  price: number | string;
  method: 'cash' | 'terminal' | 'card';
  withPlan: boolean;
  deposit: number | string;
  instalments: Instalment[];
}

interface Props {
  customerId: string;
  currency: string;
  onClose: () => void;
}

/**
 * Sells a plan from the profile through commerce's checkout (cash or terminal at the desk, or
 * the customer's saved card), optionally as a payment plan: a deposit now, instalments later.
 */
export function SellModal({ customerId, currency, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const plans = usePlanList(false);
  const digits = currencyDigits(currency);
  // One key per attempt: a double click or a retry after a network error never sells twice.
  const key = useRef(newIdempotencyKey());
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { planId: '', price: '', method: 'cash', withPlan: false, deposit: '', instalments: [{ dueDate: '', amount: '' }] },
    validate: { planId: (v) => (v ? null : t('validation.required')) },
  });
  const v = form.getValues();
  const plan = plans.data?.find((p) => p.id === v.planId) ?? null;

  const submit = form.onSubmit(async (values) => {
    setNotice(null);
    try {
      const priceMinor = plan?.priceMode === 'sliding' && values.price !== '' ? (toMinorUnits(values.price, currency) ?? undefined) : undefined;
      const result = await membershipsApi.sell(
        {
          customerId,
          planId: values.planId,
          ...(priceMinor === undefined ? {} : { priceMinor }),
          method: values.method,
          ...(values.withPlan
            ? {
                paymentPlan: {
                  depositMinor: toMinorUnits(values.deposit, currency) ?? 0,
                  instalments: values.instalments.map((i) => ({ dueDate: i.dueDate, amountMinor: toMinorUnits(i.amount, currency) ?? 0 })),
                },
              }
            : {}),
        },
        key.current,
      );
      await queryClient.invalidateQueries({ queryKey: membershipsKey(customerId) });
      await queryClient.invalidateQueries({ queryKey: renewalsKey(customerId) });
      // The sale is an order too: the profile's Purchases and the Sales list show it.
      await queryClient.invalidateQueries({ queryKey: ordersKey });
      if (result.paymentStatus === 'paid') {
        notifySuccess(t('memberships.sold', { name: plan?.name ?? '' }));
        onClose();
      } else {
        key.current = newIdempotencyKey();
        setNotice(t(result.paymentStatus === 'requires_action' ? 'memberships.sellNeedsCard' : 'memberships.sellFailed'));
      }
    } catch (error) {
      key.current = newIdempotencyKey();
      applyApiError(form, error, t, { priceMinor: 'price', 'paymentPlan.depositMinor': 'deposit' });
    }
  });

  return (
    <Modal opened onClose={onClose} title={t('memberships.sell')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Select
            label={t('memberships.fields.plan')}
            data={(plans.data ?? []).map((p) => ({ value: p.id, label: `${p.name} — ${p.priceMode === 'sliding' ? `${formatMoney(p.priceMinMinor ?? 0, p.currency)}–${formatMoney(p.priceMaxMinor ?? 0, p.currency)}` : formatMoney(p.priceMinor, p.currency)}` }))}
            searchable
            nothingFoundMessage={t('memberships.noPlans')}
            {...form.getInputProps('planId')}
            key={form.key('planId')}
          />
          {plan?.priceMode === 'sliding' ? (
            <NumberInput
              label={t('memberships.fields.slidingPrice')}
              description={t('memberships.fields.slidingHelp', { min: formatMoney(plan.priceMinMinor ?? 0, currency), max: formatMoney(plan.priceMaxMinor ?? 0, currency) })}
              placeholder={String(fromMinorUnits(plan.priceMinor, currency))}
              decimalScale={digits}
              min={0}
              {...form.getInputProps('price')}
              key={form.key('price')}
            />
          ) : null}
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('memberships.fields.method')}
            </Text>
            <SegmentedControl
              data={(['cash', 'terminal', 'card'] as const).map((m) => ({ value: m, label: t(`memberships.methods.${m}`) }))}
              {...form.getInputProps('method')}
              key={form.key('method')}
            />
          </div>
          <Switch label={t('memberships.fields.paymentPlan')} {...form.getInputProps('withPlan', { type: 'checkbox' })} key={form.key('withPlan')} />
          {v.withPlan ? (
            <Stack gap="xs">
              <NumberInput label={t('memberships.fields.deposit')} description={t('memberships.fields.depositHelp')} decimalScale={digits} min={0} {...form.getInputProps('deposit')} key={form.key('deposit')} />
              {v.instalments.map((_, index) => (
                <Group key={index} grow align="flex-end" wrap="wrap">
                  <TextInput type="date" label={t('memberships.fields.dueDate', { n: index + 1 })} {...form.getInputProps(`instalments.${index}.dueDate`)} />
                  <NumberInput label={t('memberships.fields.amount')} decimalScale={digits} min={0} {...form.getInputProps(`instalments.${index}.amount`)} />
                  {v.instalments.length > 1 ? (
                    <Button variant="subtle" color="red" onClick={() => form.removeListItem('instalments', index)} aria-label={t('memberships.removeInstalment', { n: index + 1 })}>
                      {t('memberships.remove')}
                    </Button>
                  ) : null}
                </Group>
              ))}
              <Button variant="light" w="fit-content" onClick={() => form.insertListItem('instalments', { dueDate: '', amount: '' })}>
                {t('memberships.addInstalment')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('memberships.paymentPlanRule')}
              </Text>
            </Stack>
          ) : null}
          {notice ? (
            <Alert color="yellow" role="status">
              {notice}
            </Alert>
          ) : null}
          <FormActions onCancel={onClose} submitLabel={t('memberships.sellSubmit')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}
