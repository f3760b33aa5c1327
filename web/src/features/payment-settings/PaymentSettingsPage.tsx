import { Alert, Badge, Button, Card, Code, CopyButton, Group, List, NumberInput, PasswordInput, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../app/ui/ConfirmModal.tsx';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifyError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, formatInZone, formatMoney, formatNumber, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { useStudio } from '../studios/api.ts';
import { paymentSettingsApi, paymentSettingsKey, type PaymentSettingsDto } from './api.ts';

/** The customer's card fee on an amount, rounded as the server does (half-up on the percentage). */
export const surchargeOn = (amountMinor: number, bp: number, fixedMinor: number) => Math.round((amountMinor * bp) / 10_000) + fixedMinor;

/** Stripe's three keys, pasted from its dashboard; the secret ones are sent once and never shown again. */
function ConnectStripeForm({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { publishableKey: '', secretKey: '', webhookSecret: '' },
    validate: {
      publishableKey: (v) => (/^pk_(test|live)_/.test(v.trim()) ? null : t('paymentSettings.stripe.form.publishableInvalid')),
      secretKey: (v) => (/^(sk|rk)_(test|live)_/.test(v.trim()) ? null : t('paymentSettings.stripe.form.secretInvalid')),
      webhookSecret: (v) => (/^whsec_/.test(v.trim()) ? null : t('paymentSettings.stripe.form.webhookInvalid')),
    },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await paymentSettingsApi.connectStripe({ publishableKey: values.publishableKey.trim(), secretKey: values.secretKey.trim(), webhookSecret: values.webhookSecret.trim() });
      await queryClient.invalidateQueries({ queryKey: paymentSettingsKey });
      notifySuccess(t('paymentSettings.stripe.connected'));
      form.reset();
      onDone();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t('paymentSettings.stripe.form.title')}>
      <Stack>
        <TextInput label={t('paymentSettings.stripe.form.publishableKey')} placeholder="pk_live_…" required autoComplete="off" {...form.getInputProps('publishableKey')} />
        <PasswordInput
          label={t('paymentSettings.stripe.form.secretKey')}
          description={t('paymentSettings.stripe.form.secretHelp')}
          placeholder="sk_live_…"
          required
          autoComplete="new-password"
          {...form.getInputProps('secretKey')}
        />
        <PasswordInput
          label={t('paymentSettings.stripe.form.webhookSecret')}
          description={t('paymentSettings.stripe.form.webhookHelp')}
          placeholder="whsec_…"
          required
          autoComplete="new-password"
          {...form.getInputProps('webhookSecret')}
        />
        <FormActions onCancel={onCancel} submitLabel={t('paymentSettings.stripe.form.connect')} loading={form.submitting} />
      </Stack>
    </form>
  );
}

function StripeSection({ data, timeZone }: { data: PaymentSettingsDto; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [replacing, setReplacing] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const connected = data.stripe.connected;

  const disconnect = async () => {
    setBusy(true);
    try {
      await paymentSettingsApi.disconnectStripe();
      await queryClient.invalidateQueries({ queryKey: paymentSettingsKey });
      notifySuccess(t('paymentSettings.stripe.disconnected'));
      setDisconnecting(false);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="payments-stripe">
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <Title order={2} fz="lg" id="payments-stripe">
          {t('paymentSettings.stripe.title')}
        </Title>
        <Badge color={connected ? 'teal' : 'gray'} c={connected ? 'teal.9' : 'gray.9'} variant="outline">
          {connected ? t('paymentSettings.stripe.statusConnected') : t('paymentSettings.stripe.statusNotConnected')}
        </Badge>
      </Group>
      <Text size="sm" mb="md">
        {t('paymentSettings.stripe.intro')}
      </Text>
      {connected && !replacing ? (
        <Stack gap="xs">
          <Text size="sm" className="enso-break">
            {t('paymentSettings.stripe.publishable')} <Code>{data.stripe.publishableKey}</Code>
          </Text>
          <Text size="sm" className="enso-break">
            {t('paymentSettings.stripe.secret')} <Code data-testid="secret-hint">{data.stripe.secretKeyHint}</Code>
          </Text>
          {data.stripe.connectedAt ? (
            <Text size="sm" c="dimmed">
              {t('paymentSettings.stripe.connectedOn', { date: formatInZone(data.stripe.connectedAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' }) })}
            </Text>
          ) : null}
          <Group gap="xs" mt="xs">
            <Button variant="default" onClick={() => setReplacing(true)}>
              {t('paymentSettings.stripe.replace')}
            </Button>
            <Button variant="subtle" color="red" onClick={() => setDisconnecting(true)}>
              {t('paymentSettings.stripe.disconnect')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <ConnectStripeForm onDone={() => setReplacing(false)} {...(connected ? { onCancel: () => setReplacing(false) } : {})} />
      )}
      <Alert color="blue" variant="light" mt="lg" title={t('paymentSettings.webhook.title')}>
        <Stack gap="xs">
          <Text size="sm">{t('paymentSettings.webhook.paste')}</Text>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code className="enso-break" data-testid="webhook-url" style={{ flex: 1, minWidth: 0 }}>
              {data.webhookUrl}
            </Code>
            <CopyButton value={data.webhookUrl}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('paymentSettings.webhook.copied') : t('paymentSettings.webhook.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm">{t('paymentSettings.webhook.events')}</Text>
          <List size="sm" spacing={2}>
            {['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded', 'setup_intent.succeeded'].map((e) => (
              <List.Item key={e}>
                <Code>{e}</Code>
              </List.Item>
            ))}
          </List>
        </Stack>
      </Alert>
      <ConfirmModal
        opened={disconnecting}
        title={t('paymentSettings.stripe.disconnectTitle')}
        message={t('paymentSettings.stripe.disconnectMessage')}
        confirmLabel={t('paymentSettings.stripe.disconnect')}
        danger
        loading={busy}
        onConfirm={() => void disconnect()}
        onClose={() => setDisconnecting(false)}
      />
    </Card>
  );
}

/** Who pays card fees: the studio, or the customer a stated surcharge shown before paying. */
function CardFeesSection({ data }: { data: PaymentSettingsDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const currency = data.currency;
  const form = useForm({
    initialValues: {
      cardFeeMode: data.cardFeeMode,
      percent: data.surchargeBp / 100 as number | '',
      fixed: fromMinorUnits(data.surchargeFixedMinor, currency),
    },
    validate: {
      percent: (v, values) => (values.cardFeeMode === 'surcharge' && (v === '' || Number(v) < 0 || Number(v) > 10) ? t('paymentSettings.fees.percentInvalid') : null),
      fixed: (v, values) => (values.cardFeeMode === 'surcharge' && v !== '' && Number(v) < 0 ? t('paymentSettings.fees.fixedInvalid') : null),
    },
  });
  const { cardFeeMode, percent, fixed } = form.getValues();
  const bp = Math.round(Number(percent || 0) * 100);
  const fixedMinor = toMinorUnits(fixed === '' ? 0 : fixed, currency) ?? 0;
  const example = 10_000;
  const submit = form.onSubmit(async (values) => {
    try {
      await paymentSettingsApi.updateCardFees(
        values.cardFeeMode === 'absorb' ? { cardFeeMode: 'absorb' } : { cardFeeMode: 'surcharge', surchargeBp: bp, surchargeFixedMinor: fixedMinor },
      );
      await queryClient.invalidateQueries({ queryKey: paymentSettingsKey });
      notifySuccess(t('paymentSettings.fees.saved'));
    } catch (error) {
      applyApiError(form, error, t, { surchargeBp: 'percent', surchargeFixedMinor: 'fixed' });
    }
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="payments-fees">
      <Title order={2} fz="lg" id="payments-fees" mb="sm">
        {t('paymentSettings.fees.title')}
      </Title>
      <form onSubmit={submit} noValidate aria-labelledby="payments-fees">
        <Stack>
          <Radio.Group label={t('paymentSettings.fees.who')} {...form.getInputProps('cardFeeMode')}>
            <Stack gap="xs" mt="xs">
              <Radio value="absorb" label={t('paymentSettings.fees.absorb')} />
              <Radio value="surcharge" label={t('paymentSettings.fees.surcharge')} />
            </Stack>
          </Radio.Group>
          {cardFeeMode === 'surcharge' ? (
            <Group grow align="flex-start">
              <NumberInput label={t('paymentSettings.fees.percent')} suffix=" %" decimalScale={2} min={0} max={10} step={0.1} {...form.getInputProps('percent')} />
              <NumberInput label={t('paymentSettings.fees.fixed', { currency })} decimalScale={currencyDigits(currency)} fixedDecimalScale min={0} step={0.05} {...form.getInputProps('fixed')} />
            </Group>
          ) : null}
          {cardFeeMode === 'surcharge' ? (
            <Text size="sm" c="dimmed" data-testid="fee-example">
              {t('paymentSettings.fees.example', {
                amount: formatMoney(example, currency),
                fee: formatMoney(surchargeOn(example, bp, fixedMinor), currency),
                rule: `${formatNumber(bp / 100)} % + ${formatMoney(fixedMinor, currency)}`,
              })}
            </Text>
          ) : null}
          <FormActions submitLabel={t('common.save')} loading={form.submitting} />
        </Stack>
      </form>
    </Card>
  );
}

/** Settings → Payments: connect Stripe (keys and webhook address) and choose who pays card fees. */
export function PaymentSettingsPage() {
  const { t } = useTranslation();
  const studio = useStudio(true);
  const settings = useQuery({ queryKey: paymentSettingsKey, queryFn: paymentSettingsApi.get });
  return (
    <>
      <PageHeader title={t('paymentSettings.title')} description={t('paymentSettings.description')} />
      <QueryState isPending={settings.isPending} error={settings.error} onRetry={() => void settings.refetch()} />
      {settings.data ? (
        <Stack gap="lg" maw={760}>
          <StripeSection data={settings.data} timeZone={studio.data?.timeZone} />
          <CardFeesSection key={`${settings.data.cardFeeMode}:${settings.data.surchargeBp}:${settings.data.surchargeFixedMinor}`} data={settings.data} />
        </Stack>
      ) : null}
    </>
  );
}
