import { ActionIcon, Autocomplete, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CrmSection as Section } from './CrmSection.tsx';
import { activityKey } from '../customers/api.ts';
import { badgesKey, crmApi, customerTagsKey, tagsKey, type TagDto } from './api.ts';
import { notifyCrmError } from './errors.ts';
import { TagBadge } from './TagBadge.tsx';

/** The tags on a customer: remove with the cross, add an existing tag or a new one by name. */
export function TagsSection({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tags = useQuery({ queryKey: customerTagsKey(customerId), queryFn: () => crmApi.customerTags(customerId), select: (d) => d.items });
  const all = useQuery({ queryKey: tagsKey, queryFn: crmApi.tags, select: (d) => d.items, enabled: canWrite });
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const apply = async (action: () => Promise<{ items: TagDto[] }>) => {
    setBusy(true);
    try {
      const { items } = await action();
      queryClient.setQueryData(customerTagsKey(customerId), { items });
      void queryClient.invalidateQueries({ queryKey: badgesKey(customerId) });
      void queryClient.invalidateQueries({ queryKey: activityKey(customerId) });
      void queryClient.invalidateQueries({ queryKey: tagsKey });
      return true;
    } catch (error) {
      notifyCrmError(error, t);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    const existing = all.data?.find((tag) => tag.name.toLocaleLowerCase() === trimmed.toLocaleLowerCase());
    const ok = await apply(() => crmApi.addCustomerTag(customerId, existing ? { tagId: existing.id } : { name: trimmed }));
    if (ok) setName('');
  };

  const current = tags.data ?? [];
  const suggestions = (all.data ?? []).filter((tag) => !current.some((c) => c.id === tag.id)).map((tag) => tag.name);
  return (
    <Section id="crm-tags" title={t('crm.tags.title')}>
      <Stack gap="sm">
        {current.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('crm.tags.none')}
          </Text>
        ) : (
          <Group gap="xs" role="list" aria-label={t('crm.tags.title')} data-testid="customer-tags">
            {current.map((tag) => (
              <TagBadge
                key={tag.id}
                role="listitem"
                color={tag.color}
                rightSection={
                  canWrite ? (
                    <ActionIcon
                      size="xs"
                      variant="transparent"
                      color="dark"
                      aria-label={t('crm.tags.remove', { name: tag.name })}
                      onClick={() => void apply(() => crmApi.removeCustomerTag(customerId, tag.id))}
                    >
                      ×
                    </ActionIcon>
                  ) : null
                }
              >
                {tag.name}
              </TagBadge>
            ))}
          </Group>
        )}
        {canWrite ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <Autocomplete
                label={t('crm.tags.add')}
                placeholder={t('crm.tags.addPlaceholder')}
                data={suggestions}
                value={name}
                onChange={setName}
                maxLength={60}
                style={{ flex: 1, minWidth: 0 }}
                comboboxProps={{ withinPortal: true }}
              />
              <Button type="submit" variant="light" loading={busy} disabled={!name.trim()}>
                {t('crm.tags.addButton')}
              </Button>
            </Group>
          </form>
        ) : null}
      </Stack>
    </Section>
  );
}
