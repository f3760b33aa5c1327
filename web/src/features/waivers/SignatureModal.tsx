import { Alert, Badge, Code, Divider, Image, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { formatInZone } from '../../lib/format.ts';
import { signatureKey, waiversApi } from './api.ts';
import { WaiverText } from './WaiverText.tsx';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" className="enso-break">
        {children}
      </Text>
    </div>
  );
}

/** What was signed, exactly, and how: the text of that version, the drawn signature, the signer, date, IP. */
export function SignatureModal({ signatureId, timeZone, onClose }: { signatureId: string; timeZone: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const signature = useQuery({ queryKey: signatureKey(signatureId), queryFn: () => waiversApi.signature(signatureId) });
  const s = signature.data;
  return (
    <Modal opened onClose={onClose} title={s ? t('waivers.record.title', { title: s.waiverTitle }) : t('waivers.profile.view')} size="lg">
      <QueryState isPending={signature.isPending} error={signature.error} onRetry={() => void signature.refetch()} />
      {s ? (
        <Stack gap="md">
          {s.version < s.currentVersion ? (
            <Alert color="yellow" variant="light">
              {t('waivers.record.outdated', { version: s.currentVersion })}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" data-testid="signature-record">
            <Field label={t('waivers.record.signer')}>{s.signerName}</Field>
            <Field label={t('waivers.record.signedAt')}>{formatInZone(s.signedAt, timeZone, { dateStyle: 'long', timeStyle: 'medium' })}</Field>
            <Field label={t('waivers.record.method')}>
              <Badge variant="light">{t(`waivers.record.methods.${s.method}`)}</Badge>
            </Field>
            <Field label={t('waivers.record.version')}>v{s.version}</Field>
            <Field label={t('waivers.record.ip')}>{s.ip ?? '—'}</Field>
            <Field label={t('waivers.record.device')}>{s.userAgent ?? '—'}</Field>
          </SimpleGrid>
          {s.imageUrl ? (
            <Image src={s.imageUrl} alt={t('waivers.record.image', { name: s.signerName })} maw={400} radius="sm" style={{ border: '1px solid var(--mantine-color-gray-4)' }} />
          ) : null}
          <Divider />
          <Title order={3} fz="md">
            {t('waivers.record.text')}: {s.title}
          </Title>
          <WaiverText body={s.body} />
          <Text size="xs" c="dimmed">
            {t('waivers.record.hash')}: <Code className="enso-break">{s.bodySha256}</Code>
          </Text>
        </Stack>
      ) : null}
    </Modal>
  );
}
