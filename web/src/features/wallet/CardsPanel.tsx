import { ActionIcon, Badge, Button, Group, Menu, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconDots } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifySuccess } from '../../lib/errors.ts';
import type { CardsEndpoints, SavedCardDto } from './api.ts';
import { AddCardForm } from './AddCardForm.tsx';
import { walletErrorMessage } from './errors.ts';
import { brandName, expiry } from './format.ts';

/** A customer's saved cards: brand, last four and expiry, the default marked; add, make default, remove. */
export function CardsPanel({ endpoints, queryKey, canEdit = true }: { endpoints: CardsEndpoints; queryKey: readonly unknown[]; canEdit?: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cards = useQuery({ queryKey, queryFn: () => endpoints.list() });
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (cardId: string, call: () => Promise<unknown>, done: string) => {
    setError(null);
    setBusy(cardId);
    try {
      queryClient.setQueryData(queryKey, await call());
      notifySuccess(done);
    } catch (err) {
      setError(walletErrorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };
  const saved = (card: SavedCardDto) => {
    setAdding(false);
    void queryClient.invalidateQueries({ queryKey });
    notifySuccess(t('wallet.saved', { brand: brandName(card.brand), last4: card.last4 }));
  };
  const items = useMemo(() => cards.data?.items ?? [], [cards.data]);

  return (
    <Stack gap="sm">
      <QueryState isPending={cards.isPending} error={cards.error} onRetry={() => void cards.refetch()} />
      {cards.data && !cards.data.canAddCards ? <Text c="dimmed">{t('wallet.notConnected')}</Text> : null}
      {cards.data?.canAddCards && items.length === 0 && !adding ? <Text c="dimmed">{t('wallet.none')}</Text> : null}
      {items.map((card) => (
        <Group key={card.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="saved-card">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600}>{t('wallet.cardLine', { brand: brandName(card.brand), last4: card.last4 })}</Text>
            <Text size="sm" c={card.expired ? 'red.8' : 'dimmed'}>
              {card.expired ? t('wallet.expiredOn', { expiry: expiry(card) }) : t('wallet.expires', { expiry: expiry(card) })}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {card.isDefault ? (
              <Badge variant="dot" color="teal">
                {t('wallet.default')}
              </Badge>
            ) : null}
            {canEdit ? (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" loading={busy === card.id} aria-label={t('wallet.actionsFor', { brand: brandName(card.brand), last4: card.last4 })}>
                    <IconDots />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {!card.isDefault ? (
                    <Menu.Item onClick={() => void act(card.id, () => endpoints.setDefault(card.id), t('wallet.defaultSet'))}>{t('wallet.makeDefault')}</Menu.Item>
                  ) : null}
                  <Menu.Item color="red" onClick={() => void act(card.id, () => endpoints.remove(card.id), t('wallet.removed'))}>
                    {t('wallet.remove')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        </Group>
      ))}
      {error ? (
        <Text c="red.8" size="sm" role="alert">
          {error}
        </Text>
      ) : null}
      {canEdit && cards.data?.canAddCards ? (
        adding ? (
          <AddCardForm endpoints={endpoints} onSaved={saved} onCancel={() => setAdding(false)} />
        ) : (
          <Group>
            <Button variant="light" onClick={() => setAdding(true)}>
              {t('wallet.add')}
            </Button>
          </Group>
        )
      ) : null}
    </Stack>
  );
}
