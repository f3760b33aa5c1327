import { Anchor, Badge, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconSearch } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { messageTemplatesApi, messageTemplatesKey, type TemplateLocale, type TemplateSummaryDto } from './api.ts';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Where the editor opens: the UI language, unless only the other one was customised. */
const editorPath = (item: TemplateSummaryDto, ui: TemplateLocale) => `/settings/message-templates/${encodeURIComponent(item.key)}/${ui}`;

function StatusBadges({ item }: { item: TemplateSummaryDto }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      {(['en', 'fr'] as const).map((l) => (
        <Badge key={l} variant={item.customised[l] ? 'filled' : 'light'} color={item.customised[l] ? 'brand' : 'gray'} title={t(`messageTemplates.languages.${l}`)}>
          {l.toUpperCase()} · {item.customised[l] ? t('messageTemplates.customised') : t('messageTemplates.default')}
        </Badge>
      ))}
    </Group>
  );
}

/** Settings › Message templates: every message Enso sends, and which ones the studio edited (messages:templates). */
export function MessageTemplatesPage() {
  const { t } = useTranslation();
  const ui = currentLocale();
  const list = useQuery({ queryKey: messageTemplatesKey, queryFn: () => messageTemplatesApi.list() });
  const [query, setQuery] = useState('');
  const items = (list.data?.items ?? []).filter((i) => {
    const q = fold(query.trim());
    return q === '' || fold(`${i.title.en} ${i.title.fr} ${i.key}`).includes(q);
  });

  return (
    <>
      <PageHeader title={t('messageTemplates.title')} description={t('messageTemplates.description')} />
      <TextInput
        leftSection={<IconSearch />}
        placeholder={t('messageTemplates.search')}
        aria-label={t('messageTemplates.search')}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        mb="md"
        maw={420}
      />
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
      {list.data && items.length === 0 ? <Text c="dimmed">{t('messageTemplates.noMatch', { query })}</Text> : null}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('messageTemplates.title')}>
        {items.map((item) => (
          <Paper key={item.key} component="li" withBorder p="sm" radius="md" data-testid={`template-${item.key}`}>
            <Group justify="space-between" align="flex-start" gap="xs">
              <Stack gap={2} style={{ minWidth: 0, flex: '1 1 280px' }}>
                <Anchor component={Link} to={editorPath(item, ui)} fw={600} className="enso-break">
                  {item.title[ui]}
                </Anchor>
                <Text size="sm" c="dimmed" className="enso-break">
                  {item.description[ui]}
                </Text>
                <Group gap={4} mt={4}>
                  <Badge variant={item.audience === 'staff' ? 'filled' : 'outline'} color="dark">
                    {t(`messageTemplates.audience.${item.audience}`)}
                  </Badge>
                  {item.channels.map((c) => {
                    const on = item.enabledChannels[c === 'in_app' ? 'inApp' : c];
                    return (
                      <Badge
                        key={c}
                        variant={on ? 'filled' : 'default'}
                        color={on ? 'teal.9' : 'gray'}
                        c={on ? undefined : 'dimmed'}
                        title={on ? t('messageTemplates.channels.on') : t('messageTemplates.channels.off')}
                        data-on={on}
                        data-testid={`template-${item.key}-channel-${c}`}
                      >
                        {on ? '✓ ' : ''}
                        {t(`messageTemplates.channel.${c}`)}
                      </Badge>
                    );
                  })}
                </Group>
              </Stack>
              <StatusBadges item={item} />
            </Group>
          </Paper>
        ))}
      </Stack>
    </>
  );
}
