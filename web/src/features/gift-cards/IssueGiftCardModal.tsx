import { Modal, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, toMinorUnits } from '../../lib/format.ts';
import { CustomerPicker, type PickedCustomer } from '../pos/CustomerPicker.tsx';
import { dayOf, nextDay, startOfDay } from '../discount-codes/zone-dates.ts';
import { giftCardsApi, giftCardsKey } from './api.ts';

interface Values {
  amount: number | string;
  recipientName: string;
  recipientEmail: string;
  message: string;
  lastDay: string;
  note: string;
}

/** Staff give a card away (a prize, a goodwill gesture); the recipient gets the code by email. */
export function IssueGiftCardModal({ currency, timeZone, onClose, onIssued }: { currency: string; timeZone: string | undefined; onClose: () => void; onIssued: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [holder, setHolder] = useState<PickedCustomer | null>(null);
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const form = useForm<Values>({
    initialValues: { amount: '', recipientName: '', recipientEmail: '', message: '', lastDay: '', note: '' },
    validate: {
      amount: (v) => (v !== '' && Number(v) > 0 ? null : t('giftCards.validation.amount')),
      recipientEmail: (v) => (v === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim()) ? null : t('validation.email')),
      lastDay: (v) => (v === '' || v >= dayOf(Date.now(), zone) ? null : t('giftCards.validation.lastDay')),
    },
  });

  const submit = form.onSubmit(async (v) => {
    try {
      const card = await giftCardsApi.issue({
        amountMinor: toMinorUnits(v.amount, currency) ?? 0,
        customerId: holder?.id ?? null,
        recipientName: v.recipientName.trim(),
        recipientEmail: v.recipientEmail.trim() || null,
        message: v.message.trim(),
        // The card works until the end of its last day in the studio's zone.
        expiresAt: v.lastDay ? startOfDay(nextDay(v.lastDay), zone) : null,
        note: v.note.trim(),
      });
      await queryClient.invalidateQueries({ queryKey: giftCardsKey });
      notifySuccess(t('giftCards.issued', { code: card.code }));
      onClose();
      onIssued(card.id);
    } catch (error) {
      applyApiError(form, error, t, { amountMinor: 'amount', expiresAt: 'lastDay' });
    }
  });

  return (
    <Modal opened onClose={onClose} title={t('giftCards.issueTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <NumberInput
            label={t('giftCards.fields.amount')}
            required
            data-autofocus
            min={0}
            decimalScale={currencyDigits(currency)}
            fixedDecimalScale
            suffix={` ${currency}`}
            {...form.getInputProps('amount')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('giftCards.fields.holderOptional')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('giftCards.fields.holderHelp')}
            </Text>
            <CustomerPicker value={holder} onChange={setHolder} />
          </Stack>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('giftCards.fields.recipientName')} maxLength={120} {...form.getInputProps('recipientName')} />
            <TextInput label={t('giftCards.fields.recipientEmail')} description={t('giftCards.fields.recipientEmailHelp')} type="email" maxLength={254} {...form.getInputProps('recipientEmail')} />
          </SimpleGrid>
          <Textarea label={t('giftCards.fields.message')} autosize minRows={2} maxRows={5} maxLength={1000} {...form.getInputProps('message')} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput type="date" label={t('giftCards.fields.lastDay')} description={t('giftCards.fields.lastDayHelp')} {...form.getInputProps('lastDay')} />
            <TextInput label={t('giftCards.fields.note')} maxLength={500} {...form.getInputProps('note')} />
          </SimpleGrid>
          <FormActions onCancel={onClose} submitLabel={t('giftCards.issueSubmit')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}
