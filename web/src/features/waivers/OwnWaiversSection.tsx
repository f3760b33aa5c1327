import { Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { isApiError } from '../../lib/api.ts';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { formatInZone } from '../../lib/format.ts';
import { ownWaiversKey, publicWaiversApi, type WaiverToSignDto } from './api.ts';
import { SignForm } from './SignForm.tsx';
import { WaiverText } from './WaiverText.tsx';

/** "Waivers to sign" on the customer's account page: their own and their children's, signed with a ticked box. */
export function OwnWaiversSection({ slug, signerName, timeZone }: { slug: string; signerName: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const own = useQuery({ queryKey: ownWaiversKey(slug), queryFn: () => publicWaiversApi.own(slug) });
  const [open, setOpen] = useState<WaiverToSignDto | null>(null);
  const key = (w: WaiverToSignDto) => `${w.waiverId}:${w.customerId}`;

  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="own-waivers-heading">
      <Title order={2} fz="lg" mb="md" id="own-waivers-heading">
        {t('waivers.account.title')}
      </Title>
      <QueryState isPending={own.isPending} error={own.error} onRetry={() => void own.refetch()} />
      {own.data ? (
        <Stack gap="sm">
          {own.data.pending.length === 0 ? <Text c="dimmed">{t('waivers.account.none')}</Text> : null}
          {own.data.pending.map((w) => (
            <Group key={key(w)} justify="space-between" wrap="nowrap" gap="xs" data-testid="waiver-to-sign">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} className="enso-break">
                  {w.title}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('waivers.account.for', { name: w.customerName })}
                </Text>
                {w.status === 'outdated' ? (
                  <Badge color="yellow" variant="light" w="fit-content">
                    {t('waivers.sign.updated')}
                  </Badge>
                ) : null}
              </Stack>
              <Button variant="light" onClick={() => setOpen(w)} style={{ flexShrink: 0 }}>
                {t('waivers.account.readAndSign')}
              </Button>
            </Group>
          ))}
          {own.data.signed.length > 0 ? (
            <>
              <Text fw={600} size="sm" mt="sm">
                {t('waivers.account.signedTitle')}
              </Text>
              {own.data.signed.map((s) => (
                <Text key={s.id} size="sm" c="dimmed" className="enso-break">
                  {t('waivers.account.signedLine', {
                    title: s.waiverTitle,
                    version: s.version,
                    name: s.customerName,
                    date: formatInZone(s.signedAt, timeZone, { dateStyle: 'medium' }),
                  })}
                </Text>
              ))}
            </>
          ) : null}
        </Stack>
      ) : null}
      {open ? (
        <Modal opened onClose={() => setOpen(null)} title={open.title} size="lg" fullScreen={false}>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('waivers.account.for', { name: open.customerName })}
            </Text>
            <WaiverText body={open.body} maxHeight="50vh" label={t('waivers.fields.textOf', { title: open.title })} />
            <SignForm
              defaultName={signerName}
              onSign={async (name) => {
                try {
                  await publicWaiversApi.signOwn(slug, { customerId: open.customerId, waiverId: open.waiverId, version: open.version, signerName: name, agree: true });
                } catch (error) {
                  if (!(isApiError(error, 409) && error.code === 'version_changed')) throw error;
                  // A newer text was published meanwhile: say so, and list it to be read afresh.
                  notifyError(error, t);
                  await queryClient.invalidateQueries({ queryKey: ownWaiversKey(slug) });
                  setOpen(null);
                  return;
                }
                await queryClient.invalidateQueries({ queryKey: ownWaiversKey(slug) });
                notifySuccess(t('waivers.sign.signed'));
                setOpen(null);
              }}
            />
          </Stack>
        </Modal>
      ) : null}
    </Paper>
  );
}
