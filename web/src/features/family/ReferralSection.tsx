import { Alert, Anchor, Button, Group, List, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../app/ui/QueryState.tsx';
import type { CustomerDto } from '../../lib/contracts.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { fullName } from '../../lib/format.ts';
import { activityKey, customerKey, customersApi, customersKey } from '../customers/api.ts';
import { familyApi, referralKey } from './api.ts';
import { notifyFamilyError } from './errors.ts';
import { ReferralLink } from './ReferralLink.tsx';
import { Section } from './Section.tsx';

/** Searches the studio's customers by name or email to choose the referrer. */
function ReferrerPicker({ customer, onDone }: { customer: CustomerDto; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: [...customersKey, 'search', 'referrer', q],
    queryFn: ({ signal }) => customersApi.search(q, null, 10, signal),
    enabled: q.length >= 2,
  });
  const options = (found.data?.items ?? []).filter((c) => c.id !== customer.id).map((c) => ({ value: c.id, label: [fullName(c), c.email].filter(Boolean).join(' · ') }));
  const choose = async (referrerId: string | null) => {
    if (!referrerId) return;
    try {
      const saved = await familyApi.setReferrer(customer.id, { referrerId });
      queryClient.setQueryData(customerKey(customer.id), saved);
      void queryClient.invalidateQueries({ queryKey: referralKey(customer.id) });
      void queryClient.invalidateQueries({ queryKey: referralKey(referrerId) });
      void queryClient.invalidateQueries({ queryKey: activityKey(customer.id) });
      notifySuccess(t('common.saved'));
      onDone();
    } catch (error) {
      notifyFamilyError(error, t);
    }
  };
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <Select
        label={t('family.referrals.chooseReferrer')}
        placeholder={t('family.referrals.searchPlaceholder')}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: all }) => all}
        data={options}
        nothingFoundMessage={q.length >= 2 && !found.isFetching ? t('common.nothingFound') : undefined}
        onChange={(value) => void choose(value)}
        style={{ flex: '1 1 16rem', minWidth: 0 }}
      />
      <Button variant="default" onClick={onDone}>
        {t('common.cancel')}
      </Button>
    </Group>
  );
}

/** Staff profile: the customer's referral link, who referred them, and whom they referred. */
export function ReferralSection({ customer, canWrite }: { customer: CustomerDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [picking, setPicking] = useState(false);
  const referral = useQuery({ queryKey: referralKey(customer.id), queryFn: () => familyApi.referral(customer.id) });
  const r = referral.data;

  const clear = async () => {
    try {
      const saved = await familyApi.setReferrer(customer.id, { referrerId: null });
      queryClient.setQueryData(customerKey(customer.id), saved);
      void queryClient.invalidateQueries({ queryKey: referralKey(customer.id) });
      void queryClient.invalidateQueries({ queryKey: activityKey(customer.id) });
    } catch (error) {
      notifyFamilyError(error, t);
    }
  };

  return (
    <Section id="referrals" title={t('family.referrals.title')}>
      {!r ? (
        <QueryState isPending={referral.isPending} error={referral.error} onRetry={() => void referral.refetch()} />
      ) : (
        <Stack gap="md">
          {r.link ? <ReferralLink link={r.link} label={t('family.referrals.link')} /> : null}
          {!r.programmeEnabled ? (
            <Alert color="gray" variant="light">
              {t('family.referrals.programmeOff')}
            </Alert>
          ) : null}
          <div>
            <Group gap="xs" wrap="wrap" data-testid="referred-by">
              <Text fw={500}>{t('family.referrals.referredBy')}</Text>
              {r.referredBy ? (
                <Anchor component={Link} to={`/customers/${r.referredBy.id}`}>
                  {fullName(r.referredBy)}
                </Anchor>
              ) : (
                <Text c="dimmed">{t('family.referrals.nobody')}</Text>
              )}
            </Group>
            {canWrite && !picking ? (
              <Group gap="xs" mt="xs">
                <Button variant="subtle" size="compact-sm" onClick={() => setPicking(true)}>
                  {r.referredBy ? t('family.referrals.changeReferrer') : t('family.referrals.recordReferrer')}
                </Button>
                {r.referredBy ? (
                  <Button variant="subtle" color="red" size="compact-sm" onClick={() => void clear()}>
                    {t('family.referrals.removeReferrer')}
                  </Button>
                ) : null}
              </Group>
            ) : null}
            {picking ? (
              <Stack mt="xs">
                <ReferrerPicker customer={customer} onDone={() => setPicking(false)} />
              </Stack>
            ) : null}
          </div>
          <div>
            <Text fw={500} id="referred-heading">
              {t('family.referrals.referredCount', { count: r.referredCount })}
            </Text>
            {r.referred.length > 0 ? (
              <List listStyleType="none" spacing={4} mt={4} aria-labelledby="referred-heading" data-testid="referred">
                {r.referred.map((c) => (
                  <List.Item key={c.id}>
                    <Anchor component={Link} to={`/customers/${c.id}`} className="enso-break">
                      {fullName(c)}
                    </Anchor>
                  </List.Item>
                ))}
              </List>
            ) : null}
          </div>
        </Stack>
      )}
    </Section>
  );
}
