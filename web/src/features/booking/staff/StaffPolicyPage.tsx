import { Anchor, Button, Group, NumberInput, Paper, Radio, Stack, Switch, Text, Title } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { applyApiError, notifySuccess } from '../../../lib/errors.ts';
import { bookingSettingsKey, staffBookingApi, useBookingSettings, type BookingSettingsDto } from './api.ts';

type RefundMode = BookingSettingsDto['classRefundMode'];
type WaitlistMode = BookingSettingsDto['waitlistMode'];
const refundModes: RefundMode[] = ['all', 'packs_only', 'none'];
const waitlistModes: WaitlistMode[] = ['auto', 'confirm', 'first_come'];

interface Values {
  classRefundMode: RefundMode;
  classCutoffHours: number | string;
  classLateCancelMin: number | string;
  appointmentRefundMode: RefundMode;
  appointmentCutoffHours: number | string;
  appointmentLateCancelMin: number | string;
  waitlistEnabled: boolean;
  waitlistMode: WaitlistMode;
  waitlistResponseMin: number | string;
  customersMayCancel: boolean;
}

const valuesOf = (s: BookingSettingsDto): Values => ({
  classRefundMode: s.classRefundMode,
  classCutoffHours: s.classCreditCutoffMin / 60,
  classLateCancelMin: s.classLateCancelMin,
  appointmentRefundMode: s.appointmentRefundMode,
  appointmentCutoffHours: s.appointmentCreditCutoffMin / 60,
  appointmentLateCancelMin: s.appointmentLateCancelMin,
  waitlistEnabled: s.waitlistEnabled,
  waitlistMode: s.waitlistMode,
  waitlistResponseMin: s.waitlistResponseMin,
  customersMayCancel: s.customersMayCancel,
});

const minutesOf = (v: number | string) => Math.round(Number(v || 0));
const hoursToMinutes = (v: number | string) => Math.round(Number(v || 0) * 60);

/** Classes or appointments: refund mode, the credit cutoff (hours before the start) and the late-cancel window (minutes). */
function PolicyFields({ form, kind }: { form: UseFormReturnType<Values>; kind: 'class' | 'appointment' }) {
  const { t } = useTranslation();
  const v = form.getValues();
  const cutoff = Number(kind === 'class' ? v.classCutoffHours : v.appointmentCutoffHours) || 0;
  const late = Number(kind === 'class' ? v.classLateCancelMin : v.appointmentLateCancelMin) || 0;
  const mode = kind === 'class' ? v.classRefundMode : v.appointmentRefundMode;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby={`policy-${kind}`}>
      <Title order={2} fz="lg" mb="sm" id={`policy-${kind}`}>
        {t(`bookingStaff.policy.${kind}Title`)}
      </Title>
      <Stack gap="md">
        <Radio.Group label={t('bookingStaff.policy.refundMode')} {...form.getInputProps(`${kind}RefundMode`)} key={form.key(`${kind}RefundMode`)}>
          <Stack gap="xs" mt={6}>
            {refundModes.map((m) => (
              <Radio key={m} value={m} label={t(`bookingStaff.policy.refundModes.${m}`)} description={t(`bookingStaff.policy.refundModesHelp.${m}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <Group grow align="flex-start" wrap="wrap">
          <NumberInput
            label={t('bookingStaff.policy.cutoff')}
            description={t('bookingStaff.policy.cutoffHelp')}
            min={0}
            max={720}
            decimalScale={2}
            suffix={` ${t('bookingStaff.policy.hours')}`}
            disabled={mode === 'none'}
            {...form.getInputProps(`${kind}CutoffHours`)}
            key={form.key(`${kind}CutoffHours`)}
          />
          <NumberInput
            label={t('bookingStaff.policy.lateCancel')}
            description={t('bookingStaff.policy.lateCancelHelp')}
            min={0}
            max={43_200}
            allowDecimal={false}
            suffix={` ${t('bookingStaff.policy.minutes')}`}
            {...form.getInputProps(`${kind}LateCancelMin`)}
            key={form.key(`${kind}LateCancelMin`)}
          />
        </Group>
        <Text size="sm" c="dimmed" data-testid={`policy-${kind}-summary`}>
          {mode === 'none' ? t('bookingStaff.policy.summaryNone') : t('bookingStaff.policy.summary', { count: cutoff, hours: cutoff })}{' '}
          {late > 0 ? t('bookingStaff.policy.summaryLate', { count: late }) : t('bookingStaff.policy.summaryNoLate')}
        </Text>
      </Stack>
    </Paper>
  );
}

function PolicyForm({ settings }: { settings: BookingSettingsDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: valuesOf(settings),
    validate: {
      waitlistResponseMin: (v, all) => (all.waitlistEnabled && all.waitlistMode === 'confirm' && (Number(v) < 5 || Number(v) > 10_080) ? t('bookingStaff.policy.responseRange') : null),
    },
  });
  useEffect(() => {
    form.setInitialValues(valuesOf(settings));
    form.setValues(valuesOf(settings));
  }, [settings]);
  const v = form.getValues();
  const submit = form.onSubmit(async (values) => {
    try {
      const saved = await staffBookingApi.saveSettings({
        classRefundMode: values.classRefundMode,
        classCreditCutoffMin: hoursToMinutes(values.classCutoffHours),
        classLateCancelMin: minutesOf(values.classLateCancelMin),
        appointmentRefundMode: values.appointmentRefundMode,
        appointmentCreditCutoffMin: hoursToMinutes(values.appointmentCutoffHours),
        appointmentLateCancelMin: minutesOf(values.appointmentLateCancelMin),
        waitlistEnabled: values.waitlistEnabled,
        waitlistMode: values.waitlistMode,
        waitlistResponseMin: minutesOf(values.waitlistResponseMin),
        customersMayCancel: values.customersMayCancel,
      });
      queryClient.setQueryData(bookingSettingsKey, saved);
      notifySuccess(t('common.saved'));
    } catch (error) {
      applyApiError(form, error, t, {
        classCreditCutoffMin: 'classCutoffHours',
        appointmentCreditCutoffMin: 'appointmentCutoffHours',
      });
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" maw={760}>
        <PolicyFields form={form} kind="class" />
        <PolicyFields form={form} kind="appointment" />
        <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="policy-waitlist">
          <Title order={2} fz="lg" mb="sm" id="policy-waitlist">
            {t('bookingStaff.policy.waitlistTitle')}
          </Title>
          <Stack gap="md">
            <Switch label={t('bookingStaff.policy.waitlistEnabled')} {...form.getInputProps('waitlistEnabled', { type: 'checkbox' })} key={form.key('waitlistEnabled')} />
            {v.waitlistEnabled ? (
              <>
                <Radio.Group label={t('bookingStaff.policy.waitlistMode')} {...form.getInputProps('waitlistMode')} key={form.key('waitlistMode')}>
                  <Stack gap="xs" mt={6}>
                    {waitlistModes.map((m) => (
                      <Radio key={m} value={m} label={t(`bookingStaff.policy.waitlistModes.${m}`)} description={t(`bookingStaff.policy.waitlistModesHelp.${m}`)} />
                    ))}
                  </Stack>
                </Radio.Group>
                {v.waitlistMode === 'confirm' ? (
                  <NumberInput
                    label={t('bookingStaff.policy.responseMin')}
                    description={t('bookingStaff.policy.responseMinHelp')}
                    min={5}
                    max={10_080}
                    allowDecimal={false}
                    suffix={` ${t('bookingStaff.policy.minutes')}`}
                    maw={320}
                    {...form.getInputProps('waitlistResponseMin')}
                    key={form.key('waitlistResponseMin')}
                  />
                ) : null}
              </>
            ) : null}
          </Stack>
        </Paper>
        <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="policy-customers">
          <Title order={2} fz="lg" mb="sm" id="policy-customers">
            {t('bookingStaff.policy.customersTitle')}
          </Title>
          <Switch
            label={t('bookingStaff.policy.customersMayCancel')}
            description={t('bookingStaff.policy.customersMayCancelHelp')}
            {...form.getInputProps('customersMayCancel', { type: 'checkbox' })}
            key={form.key('customersMayCancel')}
          />
        </Paper>
        <Group justify="space-between">
          <Anchor component={Link} to="/settings/penalty-rules" size="sm">
            {t('bookingStaff.policy.penaltiesLink')}
          </Anchor>
          <Button type="submit" loading={form.submitting} disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Settings › Cancellation policy & waitlist: what a cancellation gives back and when it is late, for classes and appointments; how the waitlist fills a freed spot. */
export function StaffPolicyPage() {
  const { t } = useTranslation();
  const settings = useBookingSettings();
  return (
    <>
      <PageHeader title={t('bookingStaff.policy.title')} description={t('bookingStaff.policy.description')} />
      {settings.data ? (
        <PolicyForm settings={settings.data} />
      ) : (
        <QueryState isPending={settings.isPending} error={settings.error} onRetry={() => void settings.refetch()} />
      )}
    </>
  );
}
