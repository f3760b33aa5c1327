import { Alert, Button, Code, Group, NumberInput, Paper, Progress, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { isApiError } from '../../../lib/api.ts';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { messagingSettingsApi, messagingSettingsKey, type MessagingSettingsDto, type SmsUsageDto } from './api.ts';

const numberFormat = (locale: string) => new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB');

function monthLabel(month: string, locale: string) {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
}

function dayLabel(date: string, locale: string) {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** This month's segments used against the tier, and per day. */
function Usage({ usage }: { usage: SmsUsageDto }) {
  const { t } = useTranslation();
  const ui = currentLocale();
  const n = numberFormat(ui);
  const percent = usage.segmentsAllowed > 0 ? Math.min(100, (usage.segmentsUsed / usage.segmentsAllowed) * 100) : 100;
  const busiest = Math.max(1, ...usage.byDay.map((d) => d.segments));
  return (
    <Stack gap="xs">
      <Title order={3} fz="md">
        {t('smsSettings.usage.title', { month: monthLabel(usage.month, ui) })}
      </Title>
      <Text size="sm" data-testid="sms-usage">
        {t('smsSettings.usage.used', { used: n.format(usage.segmentsUsed), allowed: n.format(usage.segmentsAllowed) })} ·{' '}
        {t('smsSettings.usage.messages', { count: usage.messages, formatted: n.format(usage.messages) })}
      </Text>
      <Progress
        value={percent}
        color={usage.exhausted ? 'red.9' : percent >= 80 ? 'orange.9' : 'brand'}
        size="lg"
        aria-label={t('smsSettings.usage.bar', { percent: Math.round(percent) })}
      />
      {usage.exhausted ? (
        <Alert color="red" title={t('smsSettings.usage.exhaustedTitle')} data-testid="sms-exhausted">
          {t('smsSettings.usage.exhausted')}
        </Alert>
      ) : null}
      {usage.byDay.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('smsSettings.usage.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={280}>
          <Table verticalSpacing={4} aria-label={t('smsSettings.usage.byDay')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('smsSettings.usage.day')}</Table.Th>
                <Table.Th ta="right">{t('smsSettings.usage.sms')}</Table.Th>
                <Table.Th>{t('smsSettings.usage.segments')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {usage.byDay.map((d) => (
                <Table.Tr key={d.date}>
                  <Table.Td>{dayLabel(d.date, ui)}</Table.Td>
                  <Table.Td ta="right">{n.format(d.messages)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <div aria-hidden style={{ height: 8, width: `${Math.max(4, (d.segments / busiest) * 100)}px`, background: 'var(--mantine-color-brand-6)', borderRadius: 4 }} />
                      <Text size="sm">{n.format(d.segments)}</Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function TierForm({ settings, onSaved }: { settings: MessagingSettingsDto; onSaved: (s: MessagingSettingsDto) => void }) {
  const { t } = useTranslation();
  const ui = currentLocale();
  const n = numberFormat(ui);
  const [tier, setTier] = useState(settings.smsTier);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      onSaved(await messagingSettingsApi.update({ smsTier: tier }));
      notifySuccess(t('smsSettings.tier.saved'));
    } catch (error) {
      notifyError(error, t);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <div>
          <Title order={2} fz="lg">
            {t('smsSettings.tier.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('smsSettings.tier.help')}
          </Text>
        </div>
        <Usage usage={settings.usage} />
        <Radio.Group value={tier} onChange={setTier} label={t('smsSettings.tier.choose')}>
          <Stack gap="xs" mt="xs">
            {settings.tiers.map((option) => (
              <Radio
                key={option.key}
                value={option.key}
                label={option.label[ui]}
                description={t('smsSettings.tier.perMonth', { segments: n.format(option.monthlySegments) })}
                data-testid={`tier-${option.key}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Group justify="flex-end">
          <Button loading={saving} disabled={tier === settings.smsTier} onClick={() => void save()}>
            {t('smsSettings.tier.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function PhoneForm({ settings, onSaved }: { settings: MessagingSettingsDto; onSaved: (s: MessagingSettingsDto) => void }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState(settings.forwardingPhone ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const next = await messagingSettingsApi.update({ forwardingPhone: phone.trim() === '' ? null : phone });
      setPhone(next.forwardingPhone ?? '');
      setError(null);
      onSaved(next);
      notifySuccess(t('smsSettings.phone.saved'));
    } catch (err) {
      if (isApiError(err, 400) && err.fieldErrors.some((f) => f.path === 'forwardingPhone')) setError(t('smsSettings.phone.invalid'));
      else notifyError(err, t);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <div>
          <Title order={2} fz="lg">
            {t('smsSettings.phone.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('smsSettings.phone.help')}
          </Text>
        </div>
        <div>
          <Text size="sm" fw={600}>
            {t('smsSettings.phone.studioNumber')}
          </Text>
          {settings.studioPhone ? (
            <Text size="lg" ff="monospace" data-testid="studio-phone">
              {settings.studioPhone}
            </Text>
          ) : (
            <Text size="sm" c="dimmed" data-testid="studio-phone">
              {t('smsSettings.phone.noStudioNumber')}
            </Text>
          )}
          {settings.voiceWebhookUrl ? (
            <Text size="xs" c="dimmed" mt={4} className="enso-break">
              {t('smsSettings.phone.webhook')} <Code>{settings.voiceWebhookUrl}</Code>
            </Text>
          ) : null}
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack>
            <TextInput
              label={t('smsSettings.phone.forwarding')}
              description={t('smsSettings.phone.forwardingHelp')}
              placeholder="+33 6 12 34 56 78"
              type="tel"
              autoComplete="tel"
              value={phone}
              error={error}
              onChange={(e) => setPhone(e.currentTarget.value)}
              data-testid="forwarding-phone"
            />
            <Group justify="flex-end">
              <Button type="submit" loading={saving}>
                {t('smsSettings.phone.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

/** How many hours before a booked class its reminder goes (class.reminder); 0 = no reminders. */
function RemindersForm({ settings, onSaved }: { settings: MessagingSettingsDto; onSaved: (s: MessagingSettingsDto) => void }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<number | string>(settings.classReminderHours);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (typeof hours !== 'number') {
      setError(t('smsSettings.reminders.invalid'));
      return;
    }
    setSaving(true);
    try {
      const next = await messagingSettingsApi.update({ classReminderHours: hours });
      setHours(next.classReminderHours);
      setError(null);
      onSaved(next);
      notifySuccess(t('smsSettings.reminders.saved'));
    } catch (err) {
      if (isApiError(err, 400)) setError(t('smsSettings.reminders.invalid'));
      else notifyError(err, t);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <div>
            <Title order={2} fz="lg">
              {t('smsSettings.reminders.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('smsSettings.reminders.help')}
            </Text>
          </div>
          <NumberInput
            label={t('smsSettings.reminders.hours')}
            min={0}
            max={168}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={hours}
            error={error}
            onChange={setHours}
            maw={320}
            data-testid="class-reminder-hours"
          />
          <Group justify="flex-end">
            <Button type="submit" loading={saving}>
              {t('smsSettings.reminders.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Settings › SMS & phone: the SMS tier and this month's usage, the studio's number and where calls are forwarded. */
export function SmsSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: messagingSettingsKey, queryFn: messagingSettingsApi.get });
  const saved = (next: MessagingSettingsDto) => queryClient.setQueryData(messagingSettingsKey, next);
  return (
    <>
      <PageHeader title={t('smsSettings.title')} description={t('smsSettings.description')} />
      <QueryState isPending={settings.isPending} error={settings.error} onRetry={() => void settings.refetch()} />
      {settings.data ? (
        <Stack maw={760}>
          <TierForm key={`tier:${settings.data.smsTier}`} settings={settings.data} onSaved={saved} />
          <PhoneForm settings={settings.data} onSaved={saved} />
          <RemindersForm settings={settings.data} onSaved={saved} />
        </Stack>
      ) : null}
    </>
  );
}
