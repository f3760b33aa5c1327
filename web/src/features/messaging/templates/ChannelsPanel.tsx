import { Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import { messageTemplatesApi, messageTemplatesKey, type EnabledChannels, type TemplateDetailDto } from './api.ts';

const fieldOf = { email: 'email', sms: 'sms', in_app: 'inApp' } as const;

/**
 * Which channels the template goes on for this studio (both languages): a switch per channel the
 * catalogue lists, saved as it is flipped. One stays on; messages to staff go by email only.
 */
export function ChannelsPanel({ detail }: { detail: TemplateDetailDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [on, setOn] = useState<EnabledChannels>(detail.enabledChannels);
  const [saving, setSaving] = useState<string | null>(null);
  const staff = detail.audience === 'staff';
  const listed = staff ? (['email'] as const) : detail.channels;
  const count = Number(on.email) + Number(on.sms) + Number(on.inApp);

  const toggle = async (field: keyof EnabledChannels, value: boolean) => {
    const next = { ...on, [field]: value };
    setOn(next);
    setSaving(field);
    try {
      const saved = await messageTemplatesApi.setChannels(detail.key, next);
      setOn(saved);
      // Both languages' details and the list show the channels.
      void queryClient.invalidateQueries({ queryKey: messageTemplatesKey });
      notifySuccess(t('messageTemplates.channels.saved'));
    } catch (error) {
      setOn(on);
      notifyError(error, t);
    } finally {
      setSaving(null);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="template-channels">
      <Title order={2} fz="lg" mb={4}>
        {t('messageTemplates.channels.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {staff ? t('messageTemplates.channels.staffOnly') : t('messageTemplates.channels.help')}
      </Text>
      <Group gap="lg">
        {listed.map((c) => {
          const field = fieldOf[c];
          const checked = on[field];
          return (
            <Switch
              key={c}
              label={t(`messageTemplates.channel.${c}`)}
              checked={checked}
              // The last channel on stays on.
              disabled={staff || saving !== null || (checked && count === 1)}
              onChange={(e) => void toggle(field, e.currentTarget.checked)}
              data-testid={`channel-${c}`}
            />
          );
        })}
      </Group>
      <Stack gap={2} mt="sm">
        {!staff && detail.channels.includes('sms') ? (
          <Text size="xs" c="dimmed">
            {t('messageTemplates.channels.smsNote')}
          </Text>
        ) : null}
        {!staff && listed.length > 1 ? (
          <Text size="xs" c="dimmed">
            {t('messageTemplates.channels.atLeastOne')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
