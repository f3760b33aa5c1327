import { Box, Text } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { stripeFor, type StripeCardElement, type StripeJs } from './stripe-js.ts';

export interface MountedCard {
  stripe: StripeJs;
  card: StripeCardElement;
}

/**
 * Stripe's card element (number, expiry, CVC), mounted from the Stripe.js the server named. The
 * card number never reaches Enso: Stripe.js sends it to Stripe, Enso gets back a card reference.
 */
export function CardField({
  stripeJsUrl,
  publishableKey,
  onReady,
  label,
}: {
  stripeJsUrl: string;
  publishableKey: string;
  onReady: (mounted: MountedCard | null) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const target = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const [inputError, setInputError] = useState<string | null>(null);
  const labelId = useId();
  const ready = useRef(onReady);
  ready.current = onReady;

  useEffect(() => {
    let card: StripeCardElement | null = null;
    let cancelled = false;
    stripeFor(stripeJsUrl, publishableKey, currentLocale())
      .then((stripe) => {
        if (cancelled || !target.current) return;
        card = stripe.elements({ locale: currentLocale() }).create('card', { hidePostalCode: true });
        card.mount(target.current);
        card.on('change', (event) => setInputError(event.error?.message ?? null));
        ready.current({ stripe, card });
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      ready.current(null);
      card?.destroy();
    };
  }, [stripeJsUrl, publishableKey]);

  return (
    <div>
      <Text size="sm" fw={500} mb={4} id={labelId}>
        {label}
      </Text>
      <Box
        ref={target}
        role="group"
        aria-labelledby={labelId}
        data-testid="card-element"
        p="sm"
        bg="white"
        style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-md)', minHeight: 44 }}
      />
      {failed ? (
        <Text c="red.8" size="sm" role="alert" mt={4}>
          {t('wallet.stripeUnavailable')}
        </Text>
      ) : null}
      {inputError ? (
        <Text c="red.8" size="sm" role="alert" mt={4}>
          {inputError}
        </Text>
      ) : null}
    </div>
  );
}
