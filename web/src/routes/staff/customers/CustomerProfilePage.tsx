import { Anchor, Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { IconArrowLeft } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { ActivityFeed } from '../../../features/customers/ActivityFeed.tsx';
import { activityKey, customerKey, customersApi, customersKey } from '../../../features/customers/api.ts';
import { CustomerForm, toUpdateBody } from '../../../features/customers/CustomerForm.tsx';
import { FamilySection } from '../../../features/family/FamilySection.tsx';
import { ReferralSection } from '../../../features/family/ReferralSection.tsx';
import { SubscriptionsSection } from '../../../features/family/SubscriptionsSection.tsx';
import { BadgesRow } from '../../../features/crm/BadgesRow.tsx';
import { FieldsSection } from '../../../features/crm/FieldsSection.tsx';
import { NotesSection } from '../../../features/crm/NotesSection.tsx';
import { TagsSection } from '../../../features/crm/TagsSection.tsx';
import { useStudio } from '../../../features/studios/api.ts';
import { CustomerWaiversSection } from '../../../features/waivers/CustomerWaiversSection.tsx';
import { CustomerCardsSection } from '../../../features/wallet/CustomerCardsSection.tsx';
import { CustomerCreditsSection } from '../../../features/credits/CustomerCreditsSection.tsx';
import { CustomerPurchasesSection } from '../../../features/orders/CustomerPurchasesSection.tsx';
import { MembershipsSection } from '../../../features/memberships/MembershipsSection.tsx';
import { CustomerMessagesSection } from '../../../features/messaging/inbox/CustomerMessagesSection.tsx';
import { StaffCheckInKeySection, StaffCustomerBookingsSection, StaffCustomerPenaltiesSection } from '../../../features/booking/staff/StaffCustomerSections.tsx';
import { CustomerActionsMenu } from '../../../features/records/CustomerActionsMenu.tsx';
import { DocumentsSection } from '../../../features/records/DocumentsSection.tsx';
import { notifySuccess } from '../../../lib/errors.ts';
import { formatInZone, fullName } from '../../../lib/format.ts';
import { useCan } from '../session.tsx';

export function CustomerProfilePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const canWrite = useCan('customers:write');
  const canInbox = useCan('messages:inbox');
  const studio = useStudio(useCan('studio:read'));
  const customer = useQuery({ queryKey: customerKey(id), queryFn: () => customersApi.get(id) });

  const back = (
    <Anchor component={Link} to="/customers" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={16} /> {t('customers.backToList')}
    </Anchor>
  );
  if (!customer.data) {
    return (
      <>
        {back}
        <QueryState isPending={customer.isPending} error={customer.error} onRetry={() => void customer.refetch()} />
      </>
    );
  }
  const c = customer.data;
  return (
    <>
      {back}
      <PageHeader
        title={fullName(c)}
        description={t('customers.since', { date: formatInZone(c.createdAt, studio.data?.timeZone, { dateStyle: 'long' }) })}
        actions={
          <Group gap="sm">
            <Badge variant="dot" color={c.hasAccount ? 'teal' : 'gray'} size="lg">
              {c.hasAccount ? t('customers.hasAccount') : t('customers.noAccount')}
            </Badge>
            <CustomerActionsMenu customer={c} />
          </Group>
        }
      />
      <BadgesRow customerId={c.id} />
      {/* Each feature adds its section here as one component of its own (features/<area>/…). */}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="profile-heading">
              <Title order={2} fz="lg" mb="md" id="profile-heading">
                {t('customers.profile')}
              </Title>
              {canWrite ? (
                <CustomerForm
                  initial={c}
                  submitLabel={t('common.save')}
                  onSubmit={async (values) => {
                    const saved = await customersApi.update(c.id, toUpdateBody(values));
                    queryClient.setQueryData(customerKey(c.id), saved);
                    void queryClient.invalidateQueries({ queryKey: activityKey(c.id) });
                    void queryClient.invalidateQueries({ queryKey: [...customersKey, 'search'] });
                    notifySuccess(t('common.saved'));
                  }}
                />
              ) : (
                <Stack gap="xs">
                  <Group>
                    <Text c="dimmed">{t('fields.email')}</Text>
                    <Text>{c.email}</Text>
                  </Group>
                  <Group>
                    <Text c="dimmed">{t('fields.phone')}</Text>
                    <Text>{c.phone}</Text>
                  </Group>
                </Stack>
              )}
            </Paper>
            <StaffCustomerBookingsSection customerId={c.id} />
            <MembershipsSection customer={c} currency={studio.data?.currency ?? 'EUR'} timeZone={studio.data?.timeZone} />
            <TagsSection customerId={c.id} canWrite={canWrite} />
            <FieldsSection customerId={c.id} canWrite={canWrite} />
            <FamilySection customer={c} canWrite={canWrite} />
            <SubscriptionsSection customer={c} canWrite={canWrite} />
            <ReferralSection customer={c} canWrite={canWrite} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            {canInbox ? <CustomerMessagesSection customerId={c.id} timeZone={studio.data?.timeZone} /> : null}
            <CustomerWaiversSection customerId={c.id} timeZone={studio.data?.timeZone} />
            <StaffCustomerPenaltiesSection customerId={c.id} timeZone={studio.data?.timeZone} />
            {c.anonymized ? null : <StaffCheckInKeySection customerId={c.id} />}
            {c.anonymized ? null : <CustomerCardsSection customerId={c.id} />}
            <CustomerCreditsSection customerId={c.id} timeZone={studio.data?.timeZone} />
            <CustomerPurchasesSection customerId={c.id} timeZone={studio.data?.timeZone} />
            <NotesSection customerId={c.id} canWrite={canWrite} timeZone={studio.data?.timeZone} />
            <DocumentsSection customerId={c.id} canWrite={canWrite && !c.anonymized} timeZone={studio.data?.timeZone} />
            <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="activity-heading">
              <Title order={2} fz="lg" mb="md" id="activity-heading">
                {t('activity.title')}
              </Title>
              <ActivityFeed customerId={c.id} timeZone={studio.data?.timeZone} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
