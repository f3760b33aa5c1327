import { Alert, Blockquote, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageLoader } from '../../app/ui/PageLoader.tsx';
import { publicWaiversApi, type SignatureSummaryDto } from '../../features/waivers/api.ts';
import { waiverErrorMessage } from '../../features/waivers/errors.ts';
import { SignForm } from '../../features/waivers/SignForm.tsx';
import { WaiverText } from '../../features/waivers/WaiverText.tsx';
import { isApiError } from '../../lib/api.ts';
import { formatInZone } from '../../lib/format.ts';
import { usePublicStudioContext } from './context.tsx';
import { usePageTitle } from './usePageTitle.ts';

/** The page an emailed sign link opens (`/s/:slug/waivers/sign?token=…`): read, tick, type the name, sign. */
export function WaiverSignPage() {
  const { t } = useTranslation();
  const studio = usePublicStudioContext();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [signed, setSigned] = useState<SignatureSummaryDto | null>(null);
  usePageTitle(t('waivers.sign.title'), studio.name);
  const link = useQuery({
    queryKey: ['waiver-link', studio.slug, token],
    queryFn: () => publicWaiversApi.openLink(studio.slug, token),
    enabled: token !== '' && signed === null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  let content: React.ReactNode;
  if (signed) {
    content = (
      <Alert color="teal" role="status" title={t('waivers.sign.signed')}>
        {t('waivers.sign.signedDetail', { date: formatInZone(signed.signedAt, studio.timeZone, { dateStyle: 'long', timeStyle: 'short' }) })}
      </Alert>
    );
  } else if (token === '') {
    content = (
      <Alert color="red" role="alert">
        {t('waivers.sign.missingToken')}
      </Alert>
    );
  } else if (link.isPending) {
    content = <PageLoader />;
  } else if (link.error) {
    content = (
      <Alert color="red" role="alert" title={t('waivers.sign.title')}>
        {waiverErrorMessage(link.error, t)}
      </Alert>
    );
  } else {
    const { waiver, note, expiresAt, signerName } = link.data;
    content = (
      <Stack gap="md">
        <Text>{t('waivers.sign.intro', { studio: link.data.studioName })}</Text>
        {waiver.kind === 'child' ? <Text fw={600}>{t('waivers.sign.forChild', { name: waiver.customerName })}</Text> : null}
        {note ? (
          <Blockquote cite={t('waivers.sign.note')} p="sm" className="enso-break">
            {note}
          </Blockquote>
        ) : null}
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <Title order={2} fz="lg" mb="sm" className="enso-break">
            {waiver.title}
          </Title>
          <WaiverText body={waiver.body} />
        </Paper>
        <Text size="sm" c="dimmed">
          {t('waivers.sign.expires', { date: formatInZone(expiresAt, studio.timeZone, { dateStyle: 'long' }) })}
        </Text>
        <SignForm
          defaultName={signerName}
          onSign={async (name) => {
            try {
              const result = await publicWaiversApi.signByLink(studio.slug, { token, version: waiver.version, signerName: name, agree: true });
              setSigned(result.signature);
            } catch (error) {
              // The studio published a new text meanwhile: show it, with the reason, before signing.
              if (isApiError(error, 409) && error.code === 'version_changed') void link.refetch();
              throw error;
            }
          }}
        />
      </Stack>
    );
  }

  return (
    <Stack maw={720} mx="auto">
      <Title order={1} fz={{ base: 24, sm: 30 }}>
        {t('waivers.sign.title')}
      </Title>
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }}>
        {content}
      </Paper>
    </Stack>
  );
}
