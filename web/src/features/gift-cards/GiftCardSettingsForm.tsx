import { NumberInput, SimpleGrid, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { giftCardsApi, giftCardSettingsKey, useGiftCardSettings } from './api.ts';

interface Values {
  min: number | string;
  max: number | string;
  validityMonths: number | string;
}

/** The amounts a gift card may be sold for at the desk, and how long a new card stays valid. */
export function GiftCardSettingsForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useGiftCardSettings();
  const currency = settings.data?.currency ?? 'EUR';
  const form = useForm<Values>({
    initialValues: { min: '', max: '', validityMonths: '' },
    validate: {
      min: (v) => (v !== '' && Number(v) > 0 ? null : t('giftCards.validation.amount')),
      max: (v, values) => (v !== '' && Number(v) >= Number(values.min) ? null : t('giftCards.validation.max')),
      validityMonths: (v) => (v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 120) ? null : t('giftCards.validation.months')),
    },
  });
  const loaded = settings.data;
  useEffect(() => {
    if (!loaded) return;
    const values = {
      min: fromMinorUnits(loaded.minAmountMinor, loaded.currency),
      max: fromMinorUnits(loaded.maxAmountMinor, loaded.currency),
      validityMonths: loaded.validityMonths ?? '',
    };
    form.setValues(values);
    form.resetDirty(values);
  }, [loaded]);

  const submit = form.onSubmit(async (v) => {
    try {
      const saved = await giftCardsApi.updateSettings({
        minAmountMinor: toMinorUnits(v.min, currency) ?? 0,
        maxAmountMinor: toMinorUnits(v.max, currency) ?? 0,
        validityMonths: v.validityMonths === '' ? null : Number(v.validityMonths),
      });
      queryClient.setQueryData(giftCardSettingsKey, saved);
      notifySuccess(t('common.saved'));
    } catch (error) {
      applyApiError(form, error, t, { minAmountMinor: 'min', maxAmountMinor: 'max' });
    }
  });

  if (!settings.data) return <QueryState isPending={settings.isPending} error={settings.error} onRetry={() => void settings.refetch()} />;
  const digits = currencyDigits(currency);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <NumberInput label={t('giftCards.settings.min')} min={0} decimalScale={digits} fixedDecimalScale suffix={` ${currency}`} {...form.getInputProps('min')} />
          <NumberInput label={t('giftCards.settings.max')} min={0} decimalScale={digits} fixedDecimalScale suffix={` ${currency}`} {...form.getInputProps('max')} />
          <NumberInput
            label={t('giftCards.settings.validity')}
            description={t('giftCards.settings.validityHelp')}
            min={1}
            max={120}
            allowDecimal={false}
            {...form.getInputProps('validityMonths')}
          />
        </SimpleGrid>
        <FormActions submitLabel={t('common.save')} loading={form.submitting} />
      </Stack>
    </form>
  );
}
