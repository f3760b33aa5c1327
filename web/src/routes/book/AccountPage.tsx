import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { PageLoader } from '../../app/ui/PageLoader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { IconLogout } from '../../app/ui/icons.tsx';
import { customerAccountApi, meKey } from '../../features/customers/api.ts';
import { CustomerForm, toUpdateBody } from '../../features/customers/CustomerForm.tsx';
import { MyChildren, MyReferral, MySubscriptions } from '../../features/family/AccountSections.tsx';
import { OwnWaiversSection } from '../../features/waivers/OwnWaiversSection.tsx';
import { OwnFieldsSection } from '../../features/crm/OwnFieldsSection.tsx';
import { MyCredit, MyMemberships, MyOrders } from '../../features/checkout/AccountSections.tsx';
import { RedeemGiftCard } from '../../features/credits/RedeemGiftCard.tsx';
import { OwnCardsSection } from '../../features/wallet/OwnCardsSection.tsx';
import { MyBookings } from '../../features/booking/customer/MyBookings.tsx';
import { OwnMessagesSection } from '../../features/messaging/inbox/OwnMessagesSection.tsx';
import { changeLocale } from '../../i18n/index.ts';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { fullName } from '../../lib/format.ts';
import { useMe, usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

export function AccountPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe(studio.slug);
  const leaving = useRef(false);
  usePageTitle(t('public.myAccount'), studio.name);

  if (me.isPending) return <PageLoader />;
  if (me.error) return <QueryState isPending={false} error={me.error} onRetry={() => void me.refetch()} />;
  // Signed out here: the sign-out handler chooses where to go, not the sign-in redirect.
  if (!me.data) return leaving.current ? null : <Navigate to={`/s/${studio.slug}/login`} replace />;
  const customer = me.data;

  const signOut = async () => {
    try {
      await customerAccountApi.logout(studio.slug);
      leaving.current = true;
      queryClient.setQueryData(meKey(studio.slug), null);
      void navigate(`/s/${studio.slug}`, { replace: true });
    } catch (error) {
      notifyError(error, t);
    }
  };

  return (
    <Stack maw={720} mx="auto">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} fz={{ base: 24, sm: 30 }} className="enso-break">
            {t('public.hello', { name: fullName(customer) })}
          </Title>
          <Text c="dimmed" size="sm" className="enso-break">
            {customer.email}
          </Text>
        </div>
        <Button variant="default" leftSection={<IconLogout />} onClick={() => void signOut()}>
          {t('auth.signOut')}
        </Button>
      </Group>
      <OwnMessagesSection slug={studio.slug} timeZone={studio.timeZone} />
      <MyBookings slug={studio.slug} />
      <MyMemberships slug={studio.slug} />
      <MyCredit slug={studio.slug} />
      <RedeemGiftCard slug={studio.slug} />
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="own-profile-heading">
        <Title order={2} fz="lg" mb="md" id="own-profile-heading">
          {t('public.yourProfile')}
        </Title>
        <CustomerForm
          initial={customer}
          withEmail={false}
          submitLabel={t('common.save')}
          onSubmit={async (values) => {
            const { email: _email, ...body } = toUpdateBody(values);
            const { customer: saved } = await customerAccountApi.updateMe(studio.slug, body);
            queryClient.setQueryData(meKey(studio.slug), saved);
            if (saved.locale) await changeLocale(saved.locale, true);
            notifySuccess(t('common.saved'));
          }}
        />
      </Paper>
      <OwnCardsSection slug={studio.slug} />
      <MyOrders slug={studio.slug} timeZone={studio.timeZone} />
      <OwnWaiversSection slug={studio.slug} signerName={fullName(customer)} timeZone={studio.timeZone} />
      <MyChildren slug={studio.slug} />
      <MySubscriptions slug={studio.slug} customer={customer} />
      <MyReferral slug={studio.slug} />
      <OwnFieldsSection slug={studio.slug} />
    </Stack>
  );
}
