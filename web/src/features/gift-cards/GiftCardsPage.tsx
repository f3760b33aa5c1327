import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { IconPlus, IconSearch } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { formatInZone, formatMoney } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { catalogErrorMessage } from '../products/api.ts';
import { useStudio } from '../studios/api.ts';
import { giftCardsApi, useGiftCardList, type GiftCardDto } from './api.ts';
import { GiftCardModal } from './GiftCardModal.tsx';
import { GiftCardSettingsForm } from './GiftCardSettingsForm.tsx';
import { IssueGiftCardModal } from './IssueGiftCardModal.tsx';

export const statusColors: Record<GiftCardDto['status'], string> = { active: 'teal', used: 'gray', expired: 'orange' };

/** Settings › Gift cards: every card sold or given, its balance and history; the amounts sold at the desk. */
export function GiftCardsPage() {
  const { t } = useTranslation();
  const canIssue = useCan('commerce:refund');
  const canSettings = useCan('commerce:settings');
  const studio = useStudio(useCan('studio:read'));
  const timeZone = studio.data?.timeZone;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const cards = useGiftCardList({ q });
  const [openId, setOpenId] = useState<string | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [code, setCode] = useState('');
  const [looking, setLooking] = useState(false);
  const currency = studio.data?.currency ?? cards.data?.[0]?.currency ?? 'EUR';

  const lookup = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    setLooking(true);
    try {
      const found = await giftCardsApi.lookup(code);
      setOpenId(found.id);
      setCode('');
    } catch (error) {
      notifications.show({ color: 'red', title: t('errors.title'), message: catalogErrorMessage(error, t, 'giftCards') });
    } finally {
      setLooking(false);
    }
  };

  const columns: Column<GiftCardDto>[] = [
    {
      key: 'code',
      header: t('giftCards.fields.code'),
      primary: true,
      render: (c) => (
        <Text ff="monospace" fw={600} span className="enso-break">
          {c.code}
        </Text>
      ),
    },
    {
      key: 'balance',
      header: t('giftCards.fields.balance'),
      nowrap: true,
      render: (c) => (
        <Group gap={6} wrap="nowrap">
          <span>{formatMoney(c.balanceMinor, c.currency)}</span>
          <Badge size="sm" variant="dot" color={statusColors[c.status]}>
            {t(`giftCards.status.${c.status}`)}
          </Badge>
        </Group>
      ),
    },
    { key: 'holder', header: t('giftCards.fields.holder'), render: (c) => c.customerName || c.recipientName || '—' },
    { key: 'source', header: t('giftCards.fields.source'), render: (c) => t(`giftCards.sources.${c.source}`) },
    { key: 'created', header: t('giftCards.fields.created'), nowrap: true, render: (c) => formatInZone(c.createdAt, timeZone, { dateStyle: 'medium' }) },
  ];

  return (
    <>
      <PageHeader
        title={t('giftCards.title')}
        description={t('giftCards.description')}
        actions={
          canIssue ? (
            <Button leftSection={<IconPlus />} onClick={() => setIssuing(true)}>
              {t('giftCards.issue')}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <form onSubmit={(e) => void lookup(e)}>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={t('giftCards.lookupLabel')}
              placeholder="XXXX-XXXX-XXXX-XXXX"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              maxLength={40}
              autoComplete="off"
              styles={{ input: { fontFamily: 'monospace', textTransform: 'uppercase' } }}
              style={{ flex: '1 1 14rem', maxWidth: 320 }}
            />
            <Button type="submit" variant="light" loading={looking}>
              {t('giftCards.lookup')}
            </Button>
          </Group>
        </form>
        <Stack gap="sm">
          <TextInput
            leftSection={<IconSearch />}
            placeholder={t('giftCards.search')}
            aria-label={t('giftCards.search')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            maxLength={100}
            style={{ maxWidth: 360 }}
          />
          <QueryState isPending={cards.isPending} error={cards.error} onRetry={() => void cards.refetch()} />
          {cards.data && cards.data.length === 0 ? (
            <Text c="dimmed" role="status">
              {q ? t('giftCards.noMatch') : t('giftCards.empty')}
            </Text>
          ) : null}
          {cards.data && cards.data.length > 0 ? (
            <DataTable
              rows={cards.data}
              columns={columns}
              rowKey={(c) => c.id}
              label={t('giftCards.title')}
              testId="gift-cards-table"
              actionsLabel={t('common.actions')}
              actions={(c) => (
                <Button size="compact-sm" variant="subtle" onClick={() => setOpenId(c.id)} aria-label={t('giftCards.openNamed', { code: c.code })}>
                  {t('giftCards.open')}
                </Button>
              )}
            />
          ) : null}
        </Stack>
        {canSettings ? (
          <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="gift-card-settings-heading">
            <Title order={2} fz="lg" mb="xs" id="gift-card-settings-heading">
              {t('giftCards.settings.title')}
            </Title>
            <GiftCardSettingsForm />
          </Paper>
        ) : null}
      </Stack>
      {issuing ? <IssueGiftCardModal currency={currency} timeZone={timeZone} onClose={() => setIssuing(false)} onIssued={(id) => setOpenId(id)} /> : null}
      {openId ? <GiftCardModal id={openId} timeZone={timeZone} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
