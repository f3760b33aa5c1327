import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrorMessage } from './errors.ts';
import { fullName } from '../../lib/format.ts';
import { customersApi, customersKey } from '../customers/api.ts';

export interface PickedCustomer {
  id: string;
  name: string;
  email: string | null;
}

/**
 * Find the customer at the desk (the customers search), or add them in three fields. At the point of
 * sale empty is a walk-in sale; the booking dialogs give their own label and no walk-in hint.
 */
export function CustomerPicker({
  value,
  onChange,
  label,
  hint,
  testId = 'pos-customer',
}: {
  value: PickedCustomer | null;
  onChange: (c: PickedCustomer | null) => void;
  label?: string;
  /** The line beside "New customer"; null for none. Default: the point of sale's walk-in sentence. */
  hint?: string | null;
  testId?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search, 250);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState({ firstName: '', lastName: '', email: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const results = useQuery({
    queryKey: [...customersKey, 'search', 'pos', query],
    queryFn: ({ signal }) => customersApi.search(query, null, 10, signal),
    enabled: value === null && !creating,
  });
  const items = results.data?.items ?? [];

  if (value) {
    return (
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text fw={600} className="enso-break" data-testid={testId}>
              {value.name}
            </Text>
            {value.email ? (
              <Text size="sm" c="dimmed" className="enso-break">
                {value.email}
              </Text>
            ) : null}
          </div>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange(null)} style={{ flexShrink: 0 }}>
            {t('pos.customer.change')}
          </Button>
        </Group>
      </Paper>
    );
  }

  const create = async () => {
    setError(null);
    if (!draft.firstName.trim()) {
      setError(t('pos.customer.firstNameRequired'));
      return;
    }
    setBusy(true);
    try {
      const made = await customersApi.create({ firstName: draft.firstName.trim(), lastName: draft.lastName.trim(), email: draft.email.trim() });
      await queryClient.invalidateQueries({ queryKey: customersKey });
      onChange({ id: made.id, name: fullName(made), email: made.email });
      setCreating(false);
      setDraft({ firstName: '', lastName: '', email: '' });
    } catch (err) {
      setError(applyApiErrorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (creating) {
    return (
      <Stack gap="xs" component="section" aria-label={t('pos.customer.newTitle')}>
        <Group grow>
          <TextInput label={t('pos.customer.firstName')} required value={draft.firstName} onChange={(e) => setDraft({ ...draft, firstName: e.currentTarget.value })} />
          <TextInput label={t('pos.customer.lastName')} value={draft.lastName} onChange={(e) => setDraft({ ...draft, lastName: e.currentTarget.value })} />
        </Group>
        <TextInput label={t('pos.customer.email')} type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })} />
        {error ? (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => setCreating(false)}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void create()}>
            {t('pos.customer.create')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="xs">
      <Select
        label={label ?? t('pos.customer.search')}
        placeholder={t('pos.customer.searchPlaceholder')}
        searchable
        clearable
        searchValue={search}
        onSearchChange={setSearch}
        data={items.map((c) => ({ value: c.id, label: [fullName(c), c.email].filter(Boolean).join(' · ') }))}
        filter={({ options }) => options}
        value={null}
        onChange={(id) => {
          const c = items.find((x) => x.id === id);
          if (c) onChange({ id: c.id, name: fullName(c), email: c.email });
        }}
        nothingFoundMessage={results.isFetching ? t('common.loading') : t('common.nothingFound')}
        comboboxProps={{ withinPortal: true }}
      />
      <Group gap="xs" justify="space-between">
        <Text size="sm" c="dimmed">
          {hint === undefined ? t('pos.customer.walkIn') : hint}
        </Text>
        <Button variant="light" size="compact-sm" onClick={() => setCreating(true)}>
          {t('pos.customer.new')}
        </Button>
      </Group>
    </Stack>
  );
}
