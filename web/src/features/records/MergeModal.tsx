import { Alert, Button, Group, List, Modal, Radio, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../lib/contracts.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { formatLocalDate, fullName } from '../../lib/format.ts';
import { customerKey, customersApi, customersKey } from '../customers/api.ts';
import { recordsApi, type MergeChoices, type MergePreviewDto, type ProfileField } from './api.ts';
import { notifyRecordsError, recordsErrorMessage } from './errors.ts';

const countKeys = ['notes', 'documents', 'tags', 'customFieldValues', 'children', 'referrals', 'activityEvents'] as const;

function useValueText() {
  const { t } = useTranslation();
  return (field: ProfileField, value: string | null) => {
    if (value === null || value === '') return t('records.merge.empty');
    if (field === 'birthDate') return formatLocalDate(value);
    if (field === 'locale') return t(`records.merge.locale.${value}`, { defaultValue: value });
    return value;
  };
}

/** Step 2: what moves, which values stay (a choice where both profiles differ), then the merge itself. */
function MergePreview({ preview, onBack, onMerged }: { preview: MergePreviewDto; onBack: () => void; onMerged: () => void }) {
  const { t } = useTranslation();
  const valueText = useValueText();
  const [choices, setChoices] = useState<MergeChoices>(() => Object.fromEntries(preview.fields.map((f) => [f.field, f.kept])));
  const [busy, setBusy] = useState(false);
  const survivorName = fullName(preview.survivor);
  const duplicateName = fullName(preview.duplicate);
  const differing = preview.fields.filter((f) => f.survivor !== f.duplicate && f.duplicate !== null && f.survivor !== null);
  const filled = preview.fields.filter((f) => !differing.includes(f) && f.kept === 'duplicate');
  const moves = countKeys.filter((k) => preview.moves[k] > 0);
  const ownerMoves = Object.entries(preview.owners).flatMap(([owner, counts]) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => ({ key: `${owner}.${what}`, text: t(`records.merge.owners.${owner}.${what}`, { count: n, defaultValue: `${owner} · ${what}: ${n}` }) })),
  );

  const merge = async () => {
    setBusy(true);
    try {
      await recordsApi.merge(preview.survivor.id, { fromId: preview.duplicate.id, keep: choices });
      notifySuccess(t('records.merge.done', { name: duplicateName }));
      onMerged();
    } catch (error) {
      notifyRecordsError(error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <Text>{t('records.merge.summary', { duplicate: duplicateName, survivor: survivorName })}</Text>
      {differing.length > 0 ? (
        <Stack gap="xs">
          <Text fw={600}>{t('records.merge.chooseValues')}</Text>
          {differing.map((f) => (
            <Radio.Group
              key={f.field}
              label={t(`records.merge.fields.${f.field}`)}
              value={choices[f.field] ?? f.kept}
              onChange={(v) => setChoices((c) => ({ ...c, [f.field]: v as 'survivor' | 'duplicate' }))}
            >
              <Stack gap={6} mt={6}>
                <Radio value="survivor" label={valueText(f.field, f.survivor)} />
                <Radio value="duplicate" label={valueText(f.field, f.duplicate)} />
              </Stack>
            </Radio.Group>
          ))}
        </Stack>
      ) : null}
      {filled.length > 0 ? (
        <Stack gap={4}>
          <Text fw={600}>{t('records.merge.filledIn')}</Text>
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              {filled.map((f) => (
                <Table.Tr key={f.field}>
                  <Table.Td c="dimmed">{t(`records.merge.fields.${f.field}`)}</Table.Td>
                  <Table.Td className="enso-break">{valueText(f.field, f.duplicate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
      <Stack gap={4}>
        <Text fw={600}>{t('records.merge.moves')}</Text>
        {moves.length + ownerMoves.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('records.merge.nothingMoves')}
          </Text>
        ) : (
          <List size="sm" spacing={2}>
            {moves.map((k) => (
              <List.Item key={k}>{t(`records.merge.counts.${k}`, { count: preview.moves[k] })}</List.Item>
            ))}
            {ownerMoves.map((m) => (
              <List.Item key={m.key}>{m.text}</List.Item>
            ))}
          </List>
        )}
      </Stack>
      {preview.login !== 'none' ? <Alert color="blue">{t(`records.merge.login.${preview.login}`, { duplicate: duplicateName, survivor: survivorName })}</Alert> : null}
      <Text size="sm" c="dimmed">
        {t('records.merge.afterwards', { duplicate: duplicateName })}
      </Text>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('records.merge.back')}
        </Button>
        <Button color="red" loading={busy} onClick={() => void merge()}>
          {t('records.merge.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * "Merge with…": pick the duplicate profile of the same person, review what moves to this
 * profile and which values it keeps, then merge. The duplicate disappears into this one.
 */
export function MergeModal({ customer, opened, onClose }: { customer: CustomerDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search, 250);
  const [fromId, setFromId] = useState<string | null>(null);
  const [step, setStep] = useState<'pick' | 'preview'>('pick');

  useEffect(() => {
    if (!opened) {
      setSearch('');
      setFromId(null);
      setStep('pick');
    }
  }, [opened]);

  const candidates = useQuery({
    queryKey: [...customersKey, 'search', 'merge-picker', query],
    queryFn: ({ signal }) => customersApi.search(query, null, 10, signal),
    enabled: opened && step === 'pick',
  });
  const preview = useQuery({
    queryKey: [...customerKey(customer.id), 'merge-preview', fromId],
    queryFn: () => recordsApi.mergePreview(customer.id, fromId!),
    enabled: opened && step === 'preview' && fromId !== null,
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });

  const options = (candidates.data?.items ?? [])
    .filter((c) => c.id !== customer.id)
    .map((c) => ({ value: c.id, label: [fullName(c), c.email].filter(Boolean).join(' · ') }));

  return (
    <Modal opened={opened} onClose={onClose} title={t('records.merge.title', { name: fullName(customer) })} size="lg" centered>
      {step === 'pick' ? (
        <Stack gap="md">
          <Text size="sm">{t('records.merge.pickHelp', { name: fullName(customer) })}</Text>
          <Select
            label={t('records.merge.duplicateLabel')}
            placeholder={t('records.merge.searchPlaceholder')}
            searchable
            clearable
            searchValue={search}
            onSearchChange={setSearch}
            data={options}
            // The server already matched the search: show its results as they are.
            filter={({ options: all }) => all}
            value={fromId}
            onChange={setFromId}
            nothingFoundMessage={candidates.isFetching ? t('common.loading') : t('common.nothingFound')}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button disabled={fromId === null} onClick={() => setStep('preview')}>
              {t('records.merge.review')}
            </Button>
          </Group>
        </Stack>
      ) : preview.data ? (
        <MergePreview
          preview={preview.data}
          onBack={() => setStep('pick')}
          onMerged={() => {
            void queryClient.invalidateQueries({ queryKey: customersKey });
            onClose();
          }}
        />
      ) : preview.error ? (
        <Stack gap="md">
          <Alert color="red">{recordsErrorMessage(preview.error, t)}</Alert>
          <Group>
            <Button variant="default" onClick={() => setStep('pick')}>
              {t('records.merge.back')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text c="dimmed">{t('common.loading')}</Text>
      )}
    </Modal>
  );
}
