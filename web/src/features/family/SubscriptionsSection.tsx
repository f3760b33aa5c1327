import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../lib/contracts.ts';
import { activityKey, customerKey } from '../customers/api.ts';
import { familyApi } from './api.ts';
import { Section } from './Section.tsx';
import { SubscriptionSwitches } from './SubscriptionSwitches.tsx';

/** Staff profile: which messages the customer receives ("Statut des abonnements"), changed on their behalf. */
export function SubscriptionsSection({ customer, canWrite }: { customer: CustomerDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <Section id="subscriptions" title={t('family.subscriptions.title')}>
      <SubscriptionSwitches
        voice="staff"
        subscriptions={customer.subscriptions}
        readOnly={!canWrite || customer.anonymized}
        onChange={async (kind, subscribed) => {
          const saved = await familyApi.setSubscriptions(customer.id, { [kind]: subscribed });
          queryClient.setQueryData(customerKey(customer.id), saved);
          void queryClient.invalidateQueries({ queryKey: activityKey(customer.id) });
        }}
      />
    </Section>
  );
}
