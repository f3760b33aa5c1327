import { Button, Group, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import type { CustomerDto } from '../../lib/contracts.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { formatLocalDate, fullName } from '../../lib/format.ts';
import { meKey } from '../customers/api.ts';
import { myChildrenKey, myFamilyApi, myReferralKey } from './api.ts';
import { ChildForm } from './ChildForm.tsx';
import { ReferralLink } from './ReferralLink.tsx';
import { Section } from './Section.tsx';
import { SubscriptionSwitches } from './SubscriptionSwitches.tsx';

/** Account page: the customer's children, to add and edit (they book and sign for them). */
export function MyChildren({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const children = useQuery({ queryKey: myChildrenKey(slug), queryFn: () => myFamilyApi.children(slug) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: myChildrenKey(slug) });

  return (
    <Section id="my-children" title={t('family.mine.title')} public>
      {!children.data ? (
        <QueryState isPending={children.isPending} error={children.error} onRetry={() => void children.refetch()} />
      ) : (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('family.mine.intro')}
          </Text>
          {children.data.items.length === 0 && !adding ? <Text c="dimmed">{t('family.mine.none')}</Text> : null}
          {children.data.items.map((child: CustomerDto) =>
            editing === child.id ? (
              <ChildForm
                key={child.id}
                initial={child}
                submitLabel={t('common.save')}
                onCancel={() => setEditing(null)}
                onSubmit={async (body) => {
                  await myFamilyApi.updateChild(slug, child.id, body);
                  setEditing(null);
                  await refresh();
                  notifySuccess(t('common.saved'));
                }}
              />
            ) : (
              <Group key={child.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="my-child">
                <div style={{ minWidth: 0 }}>
                  <Text fw={500} className="enso-break">
                    {fullName(child)}
                  </Text>
                  {child.birthDate ? (
                    <Text size="sm" c="dimmed">
                      {t('family.born', { date: formatLocalDate(child.birthDate) })}
                    </Text>
                  ) : null}
                </div>
                <Button variant="subtle" size="compact-sm" onClick={() => setEditing(child.id)} aria-label={t('family.mine.editNamed', { name: fullName(child) })}>
                  {t('common.edit')}
                </Button>
              </Group>
            ),
          )}
          {adding ? (
            <ChildForm
              submitLabel={t('family.addChild')}
              onCancel={() => setAdding(false)}
              onSubmit={async (body) => {
                await myFamilyApi.addChild(slug, body);
                setAdding(false);
                await refresh();
                notifySuccess(t('family.childAdded'));
              }}
            />
          ) : (
            <Group>
              <Button variant="light" leftSection={<IconPlus />} onClick={() => setAdding(true)}>
                {t('family.addChild')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Section>
  );
}

/** Account page: which messages the customer receives. */
export function MySubscriptions({ slug, customer }: { slug: string; customer: CustomerDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <Section id="my-subscriptions" title={t('family.subscriptions.mineTitle')} public>
      <SubscriptionSwitches
        voice="own"
        subscriptions={customer.subscriptions}
        onChange={async (kind, subscribed) => {
          const { customer: saved } = await myFamilyApi.setSubscriptions(slug, { [kind]: subscribed });
          queryClient.setQueryData(meKey(slug), saved);
        }}
      />
    </Section>
  );
}

/** Account page: the customer's referral link, while the studio runs a referral programme. */
export function MyReferral({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const referral = useQuery({ queryKey: myReferralKey(slug), queryFn: () => myFamilyApi.referral(slug) });
  if (referral.data && (!referral.data.programmeEnabled || !referral.data.link)) return null;
  return (
    <Section id="my-referral" title={t('family.referrals.mineTitle')} public>
      {!referral.data ? (
        <QueryState isPending={referral.isPending} error={referral.error} onRetry={() => void referral.refetch()} />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('family.referrals.mineIntro')}
          </Text>
          <ReferralLink link={referral.data.link!} label={t('family.referrals.myLink')} />
          <Text size="sm">{t('family.referrals.joinedCount', { count: referral.data.referredCount })}</Text>
        </Stack>
      )}
    </Section>
  );
}

