import { Stack, Switch } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../lib/contracts.ts';
import type { SubscriptionKind } from './api.ts';
import { notifyFamilyError } from './errors.ts';

const kinds: SubscriptionKind[] = ['emailMarketing', 'emailTransactional', 'smsMarketing', 'sms'];

interface Props {
  subscriptions: CustomerDto['subscriptions'];
  /** Saves one change; the parent puts the answer in its cache. */
  onChange: (kind: SubscriptionKind, subscribed: boolean) => Promise<unknown>;
  readOnly?: boolean;
  /** `staff` words it about the customer, `own` about "you". */
  voice: 'staff' | 'own';
}

/** One switch per kind of message; marketing SMS wait while all SMS are stopped (STOP). */
export function SubscriptionSwitches({ subscriptions, onChange, readOnly = false, voice }: Props) {
  const { t } = useTranslation();
  // The switch moves at once; a refused change moves it back when the saved state is shown again.
  const [saving, setSaving] = useState<{ kind: SubscriptionKind; subscribed: boolean } | null>(null);
  const toggle = async (kind: SubscriptionKind, subscribed: boolean) => {
    setSaving({ kind, subscribed });
    try {
      await onChange(kind, subscribed);
    } catch (error) {
      notifyFamilyError(error, t);
    } finally {
      setSaving(null);
    }
  };
  return (
    <Stack gap="md" data-testid="subscriptions">
      {kinds.map((kind) => {
        const stoppedBySms = kind === 'smsMarketing' && !subscriptions.sms;
        return (
          <Switch
            key={kind}
            label={t(`family.subscriptions.kinds.${kind}`)}
            description={stoppedBySms ? t('family.subscriptions.smsStopped') : t(`family.subscriptions.help.${voice}.${kind}`)}
            checked={saving?.kind === kind ? saving.subscribed : subscriptions[kind]}
            disabled={readOnly || saving !== null || stoppedBySms}
            onChange={(event) => void toggle(kind, event.currentTarget.checked)}
          />
        );
      })}
    </Stack>
  );
}
