import { Button, Group, NumberInput, Paper, Select, Stack, Switch, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { familyApi, referralSettingsKey, type ReferralSettingsDto } from './api.ts';

interface Values {
  enabled: boolean;
  referrerReward: number | string;
  newCustomerReward: number | string;
  rewardOn: string;
}

/** Minor units ↔ the amount typed in the studio's currency (1500 ↔ 15.00 in EUR, 1500 ↔ 1500 in JPY). */
const toMajor = (minor: number, digits: number) => minor / 10 ** digits;
const toMinor = (major: number | string, digits: number) => Math.round(Number(major || 0) * 10 ** digits);

const valuesOf = (s: ReferralSettingsDto): Values => ({
  enabled: s.enabled,
  referrerReward: toMajor(s.referrerRewardMinor, s.minorUnits),
  newCustomerReward: toMajor(s.newCustomerRewardMinor, s.minorUnits),
  rewardOn: s.rewardOn,
});

function SettingsForm({ settings }: { settings: ReferralSettingsDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({ initialValues: valuesOf(settings) });
  useEffect(() => {
    form.setInitialValues(valuesOf(settings));
    form.setValues(valuesOf(settings));
  }, [settings]);
  const digits = settings.minorUnits;
  const submit = form.onSubmit(async (values) => {
    try {
      const saved = await familyApi.saveReferralSettings({
        enabled: values.enabled,
        referrerRewardMinor: toMinor(values.referrerReward, digits),
        newCustomerRewardMinor: toMinor(values.newCustomerReward, digits),
        rewardOn: values.rewardOn === 'signup' ? 'signup' : 'first_purchase',
      });
      queryClient.setQueryData(referralSettingsKey, saved);
      notifySuccess(t('common.saved'));
    } catch (error) {
      applyApiError(form, error, t, { referrerRewardMinor: 'referrerReward', newCustomerRewardMinor: 'newCustomerReward' });
    }
  });
  const money = { min: 0, max: toMajor(10_000_000, digits), decimalScale: digits, fixedDecimalScale: digits > 0, allowNegative: false, suffix: ` ${settings.currency}` };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Switch label={t('family.settings.enabled')} description={t('family.settings.enabledHelp')} {...form.getInputProps('enabled', { type: 'checkbox' })} />
          <NumberInput label={t('family.settings.referrerReward')} description={t('family.settings.referrerRewardHelp')} {...money} {...form.getInputProps('referrerReward')} />
          <NumberInput label={t('family.settings.newCustomerReward')} description={t('family.settings.newCustomerRewardHelp')} {...money} {...form.getInputProps('newCustomerReward')} />
          <Select
            label={t('family.settings.rewardOn')}
            data={[
              { value: 'first_purchase', label: t('family.settings.rewardOnFirstPurchase') },
              { value: 'signup', label: t('family.settings.rewardOnSignup') },
            ]}
            allowDeselect={false}
            {...form.getInputProps('rewardOn')}
          />
          <Text size="sm" c="dimmed">
            {t('family.settings.payoutNote')}
          </Text>
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting} disabled={!form.isDirty()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Settings → Referral programme ("Références clients"): on or off, who gets how much, and when. */
export function ReferralSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: referralSettingsKey, queryFn: familyApi.referralSettings });
  return (
    <>
      <PageHeader title={t('family.settings.title')} description={t('family.settings.description')} />
      {settings.data ? (
        <SettingsForm settings={settings.data} />
      ) : (
        <QueryState isPending={settings.isPending} error={settings.error} onRetry={() => void settings.refetch()} />
      )}
    </>
  );
}
