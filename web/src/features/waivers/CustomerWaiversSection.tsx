import { Anchor, Badge, Button, Group, Menu, Modal, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconChevronDown } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifySuccess } from '../../lib/errors.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { formatInZone } from '../../lib/format.ts';
import { customerWaiversKey, waiversApi, waiversKey, type CustomerWaiverItemDto, type WaiverDto } from './api.ts';
import { waiverErrorMessage } from './errors.ts';
import { SignatureModal } from './SignatureModal.tsx';
import { FormActions } from '../../app/ui/FormActions.tsx';

const statusColor = { signed: 'teal', outdated: 'yellow', unsigned: 'gray' } as const;

function SendModal({ customerId, choices, custom, onClose }: { customerId: string; choices: WaiverDto[]; custom: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { waiverId: choices[0]?.id ?? '', note: '' },
    validate: { waiverId: (v) => (v ? null : t('validation.required')) },
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const sent = await waiversApi.send(customerId, { waiverId: values.waiverId, note: values.note.trim() });
      await queryClient.invalidateQueries({ queryKey: customerWaiversKey(customerId) });
      notifySuccess(t('waivers.send.sent', { to: sent.to }));
      onClose();
    } catch (err) {
      setError(waiverErrorMessage(err, t));
    }
  });
  return (
    <Modal opened onClose={onClose} title={custom ? t('waivers.send.titleCustom') : t('waivers.send.title')} size="lg">
      {choices.length === 0 ? (
        <Text>{t('waivers.send.noneCustom')}</Text>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Select
              label={t('waivers.send.waiver')}
              allowDeselect={false}
              data={choices.map((w) => ({ value: w.id, label: `${w.title} (${t(`waivers.kinds.${w.kind}`)})` }))}
              {...form.getInputProps('waiverId')}
            />
            <Textarea label={t('waivers.send.note')} autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
            {error ? (
              <Text c="red" role="alert" size="sm">
                {error}
              </Text>
            ) : null}
            <FormActions onCancel={onClose} submitLabel={t('waivers.send.submit')} loading={form.submitting} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function statusLine(item: CustomerWaiverItemDto, t: (key: string, o?: Record<string, unknown>) => string, tz: string | undefined) {
  const last = item.lastSignature;
  if (item.status === 'signed' && last) return t('waivers.profile.signed', { version: last.version, date: formatInZone(last.signedAt, tz, { dateStyle: 'medium', timeStyle: 'short' }) });
  if (item.status === 'outdated' && last) return t('waivers.profile.outdated', { version: last.version });
  return t('waivers.profile.unsigned');
}

/** The profile's Waivers section: each waiver's status, the signed records, and the ways to sign. */
export function CustomerWaiversSection({ customerId, timeZone }: { customerId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const canRead = useCan('waivers:read');
  const canWrite = useCan('waivers:write');
  const data = useQuery({ queryKey: customerWaiversKey(customerId), queryFn: () => waiversApi.forCustomer(customerId), enabled: canRead });
  const active = useQuery({ queryKey: waiversKey, queryFn: () => waiversApi.list(), enabled: canWrite });
  const [viewing, setViewing] = useState<string | null>(null);
  const [sending, setSending] = useState<'any' | 'custom' | null>(null);
  const isChild = data.data?.parentId != null;
  const activeWaivers = active.data?.items ?? [];
  // What may be signed for this profile: the standard waiver(s) of its kind, and any custom one.
  const signable = activeWaivers.filter((w) => w.kind === 'custom' || (isChild ? w.kind === 'child' : w.kind !== 'child'));
  if (!canRead) return null;

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="waivers-heading">
      <Group justify="space-between" mb="md" gap="xs">
        <Title order={2} fz="lg" id="waivers-heading">
          {t('waivers.profile.title')}
        </Title>
        {canWrite ? (
          <Group gap="xs">
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="light" size="xs" rightSection={<IconChevronDown size={14} />} disabled={signable.length === 0}>
                  {t('waivers.profile.signInPerson')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('waivers.inPerson.choose')}</Menu.Label>
                {signable.map((w) => (
                  <Menu.Item key={w.id} component={Link} to={`/customers/${customerId}/waivers/${w.id}/sign`}>
                    {w.title}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Button variant="light" size="xs" onClick={() => setSending('any')} disabled={signable.length === 0}>
              {t('waivers.profile.sendEmail')}
            </Button>
            <Button variant="subtle" size="xs" onClick={() => setSending('custom')}>
              {t('waivers.profile.sendCustom')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <QueryState isPending={data.isPending} error={data.error} onRetry={() => void data.refetch()} />
      {data.data ? (
        <Stack gap="sm">
          {data.data.items.length === 0 ? <Text c="dimmed">{t('waivers.profile.none')}</Text> : null}
          {data.data.items.map((item) => (
            <Group key={item.waiver.id} justify="space-between" align="flex-start" wrap="nowrap" gap="xs" data-testid="customer-waiver">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} className="enso-break">
                  {item.waiver.title}
                </Text>
                <Text size="sm" c={item.status === 'outdated' ? 'yellow.9' : 'dimmed'}>
                  {statusLine(item, t, timeZone)}
                </Text>
                {item.pendingRequest && item.status !== 'signed' ? (
                  <Text size="xs" c="dimmed">
                    {t('waivers.profile.linkSent', { date: formatInZone(item.pendingRequest.sentAt, timeZone, { dateStyle: 'medium', timeStyle: 'short' }) })}
                  </Text>
                ) : null}
                {item.lastSignature ? (
                  <Anchor component="button" type="button" size="sm" ta="left" onClick={() => setViewing(item.lastSignature!.id)}>
                    {t('waivers.profile.view')}
                  </Anchor>
                ) : null}
              </Stack>
              <Badge variant="dot" color={statusColor[item.status]} style={{ flexShrink: 0 }}>
                {t(`waivers.profile.badge.${item.status}`)}
              </Badge>
            </Group>
          ))}
          {data.data.signatures.length > data.data.items.filter((i) => i.lastSignature).length ? (
            <>
              <Text size="sm" fw={600} mt="xs">
                {t('waivers.profile.history')}
              </Text>
              {data.data.signatures.map((s) => (
                <Anchor key={s.id} component="button" type="button" size="sm" ta="left" onClick={() => setViewing(s.id)}>
                  {s.waiverTitle} · v{s.version} · {formatInZone(s.signedAt, timeZone, { dateStyle: 'medium' })}
                </Anchor>
              ))}
            </>
          ) : null}
        </Stack>
      ) : null}
      {viewing ? <SignatureModal signatureId={viewing} timeZone={timeZone} onClose={() => setViewing(null)} /> : null}
      {sending ? (
        <SendModal
          customerId={customerId}
          custom={sending === 'custom'}
          choices={sending === 'custom' ? signable.filter((w) => w.kind === 'custom') : signable}
          onClose={() => setSending(null)}
        />
      ) : null}
    </Paper>
  );
}
