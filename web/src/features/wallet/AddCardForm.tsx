import { Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../app/ui/PageLoader.tsx';
import type { CardsEndpoints, CardSetupDto, SavedCardDto } from './api.ts';
import { CardField, type MountedCard } from './CardField.tsx';
import { stripeErrorMessage, walletErrorMessage } from './errors.ts';

/** Starts a card setup, shows Stripe's card element, confirms it and records the saved card. */
export function AddCardForm({ endpoints, onSaved, onCancel }: { endpoints: CardsEndpoints; onSaved: (card: SavedCardDto) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<CardSetupDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const mounted = useRef<MountedCard | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // One setup per opening of the form (StrictMode mounts effects twice in development).
    if (started.current) return;
    started.current = true;
    endpoints.startSetup().then(setSetup, (err: unknown) => setError(walletErrorMessage(err, t)));
  }, [endpoints, t]);

  const save = async () => {
    if (!setup || !mounted.current) return;
    setError(null);
    setSaving(true);
    try {
      const { stripe, card } = mounted.current;
      const result = await stripe.confirmCardSetup(setup.clientSecret, { payment_method: { card } });
      if (result.error) {
        setError(stripeErrorMessage(result.error, t));
        return;
      }
      onSaved(await endpoints.completeSetup(setup.setupIntentId));
    } catch (err) {
      setError(walletErrorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm">
      {setup ? (
        <CardField
          stripeJsUrl={setup.stripeJsUrl}
          publishableKey={setup.publishableKey}
          label={t('wallet.cardDetails')}
          onReady={(m) => (mounted.current = m)}
        />
      ) : error ? null : (
        <PageLoader />
      )}
      <Text size="xs" c="dimmed">
        {t('wallet.keptByStripe')}
      </Text>
      {error ? (
        <Text c="red.8" size="sm" role="alert">
          {error}
        </Text>
      ) : null}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onCancel} disabled={saving}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void save()} loading={saving} disabled={!setup}>
          {t('wallet.saveCard')}
        </Button>
      </Group>
    </Stack>
  );
}
