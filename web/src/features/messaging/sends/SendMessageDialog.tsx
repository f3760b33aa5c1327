import { Alert, Anchor, Button, Group, Loader, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useStaffSession } from '../../../routes/staff/session.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { errorMessage, notifySuccess } from '../../../lib/errors.ts';
import { groupSendsApi, groupSendsKey, newIdempotencyKey, type Audience, type GroupSendChannel } from './api.ts';

const variablePattern = /##\{\{([^{}\r\n]*)\}\}/g;
const channels: GroupSendChannel[] = ['email', 'sms', 'in_app'];

interface Props {
  opened: boolean;
  onClose: () => void;
  audience: Audience;
  /** Who it goes to, as staff chose it: "12 selected customers", "Segment: Regulars". */
  audienceLabel: string;
}

/**
 * "Send message" to a selection or a segment: channel, subject (email), a body with variables,
 * how many will receive it and how many are skipped before sending, and the marketing-suite
 * limit explained with how to switch the suite on.
 */
export function SendMessageDialog({ opened, onClose, audience, audienceLabel }: Props) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const queryClient = useQueryClient();
  // Only an admin switches the marketing suite on (Settings › Studio).
  const isAdmin = useStaffSession().user.role === 'admin';
  const [channel, setChannel] = useState<GroupSendChannel>('email');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (opened) {
      key.current = newIdempotencyKey();
      setError(null);
    }
  }, [opened]);

  const preview = useQuery({
    queryKey: [...groupSendsKey, 'preview', audience, channel],
    queryFn: () => groupSendsApi.preview({ audience, channel }),
    enabled: opened,
  });

  const variables = preview.data?.variables ?? ['first_name', 'last_name'];
  const unknown = useMemo(() => {
    const names = [...`${subject}\n${body}`.matchAll(variablePattern)].map((m) => m[1]!);
    return [...new Set(names.filter((n) => !variables.includes(n)))];
  }, [subject, body, variables]);

  const send = useMutation({
    mutationFn: () =>
      groupSendsApi.create({ audience, channel, body, ...(channel === 'email' ? { subject } : subject.trim() && channel === 'in_app' ? { subject } : {}) }, key.current),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: groupSendsKey });
      notifySuccess(t('groupSends.queued', { count: preview.data?.willSend ?? created.recipientCount, formatted: formatNumber(preview.data?.willSend ?? created.recipientCount) }));
      setBody('');
      setSubject('');
      onClose();
    },
    onError: (e) => setError(errorMessage(e, t)),
  });

  const insert = (name: string) => {
    const token = `##{{${name}}}`;
    const el = bodyRef.current;
    if (el) {
      const start = el.selectionStart ?? body.length;
      const end = el.selectionEnd ?? body.length;
      setBody(body.slice(0, start) + token + body.slice(end));
      requestAnimationFrame(() => {
        el.focus();
        el.setSelectionRange(start + token.length, start + token.length);
      });
    } else setBody(body + token);
  };

  const p = preview.data;
  const blocked = !p || p.needsMarketingSuite || p.willSend === 0;
  const missingSubject = channel === 'email' && !subject.trim();

  return (
    <Modal opened={opened} onClose={onClose} title={t('groupSends.dialogTitle')} size="lg" fullScreen={phone} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text size="sm" c="dimmed" data-testid="send-audience">
          {audienceLabel}
        </Text>
        <div>
          <Text size="sm" fw={500} mb={4} id="send-channel-label">
            {t('groupSends.channel')}
          </Text>
          <SegmentedControl
            fullWidth
            aria-labelledby="send-channel-label"
            value={channel}
            onChange={(v) => setChannel(v as GroupSendChannel)}
            data={channels.map((c) => ({ value: c, label: t(`groupSends.channels.${c}`) }))}
          />
        </div>

        <div role="status" aria-live="polite" data-testid="send-preview">
          {preview.isPending ? (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="sm">{t('groupSends.counting')}</Text>
            </Group>
          ) : p ? (
            <Alert color={p.willSend === 0 ? 'red' : 'blue'} variant="light" title={t('groupSends.recipients', { count: p.recipients, formatted: formatNumber(p.recipients) })}>
              <Stack gap={2}>
                {p.skipped.unsubscribed > 0 ? <Text size="sm">{t('groupSends.skippedUnsubscribed', { count: p.skipped.unsubscribed, formatted: formatNumber(p.skipped.unsubscribed) })}</Text> : null}
                {p.skipped.noAddress > 0 ? <Text size="sm">{t(`groupSends.skippedNoAddress.${channel}`, { count: p.skipped.noAddress, formatted: formatNumber(p.skipped.noAddress) })}</Text> : null}
                <Text size="sm" fw={600}>
                  {t('groupSends.willSend', { count: p.willSend, formatted: formatNumber(p.willSend) })}
                </Text>
                {p.recipients === 1 ? <Text size="sm">{t('groupSends.singleAlwaysDelivered')}</Text> : null}
              </Stack>
            </Alert>
          ) : preview.error ? (
            <Alert color="red">{errorMessage(preview.error, t)}</Alert>
          ) : null}
        </div>

        {p?.needsMarketingSuite ? (
          <Alert color="red" title={t('groupSends.suiteTitle', { limit: p.limit })} data-testid="suite-required" styles={{ title: { color: 'var(--mantine-color-red-9)' } }}>
            <Text size="sm">{t('groupSends.suiteBody', { limit: p.limit, count: p.willSend, formatted: formatNumber(p.willSend) })}</Text>
            <Text size="sm" mt={4}>
              {isAdmin ? (
                <Anchor component={Link} to="/settings/studio">
                  {t('groupSends.suiteHowAdmin')}
                </Anchor>
              ) : (
                t('groupSends.suiteHowStaff')
              )}
            </Text>
          </Alert>
        ) : null}

        {channel === 'email' ? <TextInput label={t('groupSends.subject')} required value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={300} /> : null}
        <Textarea
          ref={bodyRef}
          label={t('groupSends.body')}
          description={t('groupSends.bodyHelp')}
          required
          autosize
          minRows={5}
          maxRows={14}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Group gap="xs" aria-label={t('groupSends.variables')} role="group">
          <Text size="sm" c="dimmed">
            {t('groupSends.variables')}
          </Text>
          {variables.map((name) => (
            <Button key={name} size="compact-xs" variant="light" onClick={() => insert(name)} aria-label={t('groupSends.insertVariable', { name })}>
              {`##{{${name}}}`}
            </Button>
          ))}
        </Group>
        {unknown.length > 0 ? (
          <Alert color="yellow" variant="light" data-testid="unknown-variables">
            {t('groupSends.unknownVariables', { names: unknown.map((n) => `##{{${n}}}`).join(', ') })}
          </Alert>
        ) : null}
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => send.mutate()} loading={send.isPending} disabled={blocked || missingSubject || !body.trim()}>
            {p && !blocked ? t('groupSends.sendTo', { count: p.willSend, formatted: formatNumber(p.willSend) }) : t('groupSends.send')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
