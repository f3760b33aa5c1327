import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CustomerDto } from '../../lib/contracts.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { fullName } from '../../lib/format.ts';
import { customerKey, customersKey } from '../customers/api.ts';
import { recordsApi } from './api.ts';
import { notifyRecordsError, recordsErrorMessage } from './errors.ts';

/**
 * "Delete": says before anything happens whether the customer will be erased (no history to
 * keep) or anonymised (signatures, family or referrals must stay), then does it.
 */
export function DeleteModal({ customer, opened, onClose }: { customer: CustomerDto; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const name = fullName(customer);
  const preview = useQuery({
    queryKey: [...customerKey(customer.id), 'delete-preview'],
    queryFn: () => recordsApi.deletePreview(customer.id),
    enabled: opened,
    retry: false,
    staleTime: 0,
  });

  const confirm = async () => {
    setBusy(true);
    try {
      const result = await recordsApi.deleteCustomer(customer.id);
      notifySuccess(t(result.outcome === 'anonymized' ? 'records.delete.anonymized' : 'records.delete.deleted', { name }));
      onClose();
      queryClient.removeQueries({ queryKey: customerKey(customer.id) });
      void queryClient.invalidateQueries({ queryKey: customersKey });
      void navigate('/customers');
    } catch (error) {
      notifyRecordsError(error, t);
    } finally {
      setBusy(false);
    }
  };

  const outcome = preview.data?.outcome;
  return (
    <Modal opened={opened} onClose={onClose} title={t('records.delete.title', { name })} centered>
      {preview.error ? (
        <Alert color="red">{recordsErrorMessage(preview.error, t)}</Alert>
      ) : !preview.data ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : (
        <Stack gap="sm">
          {outcome === 'erase' ? (
            <Text>{t('records.delete.eraseExplain', { name })}</Text>
          ) : (
            <>
              <Text>{t('records.delete.anonymizeExplain', { name })}</Text>
              <List size="sm">
                {preview.data.reasons.map((reason) => (
                  <List.Item key={reason}>{t(`records.delete.reasons.${reason.replace(':', '_')}`, { defaultValue: reason })}</List.Item>
                ))}
              </List>
              <Text size="sm">{t('records.delete.anonymizeWhat')}</Text>
            </>
          )}
          <Text size="sm" fw={600}>
            {t('records.delete.irreversible')}
          </Text>
        </Stack>
      )}
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={busy} disabled={!outcome} onClick={() => void confirm()}>
          {outcome === 'anonymize' ? t('records.delete.confirmAnonymize') : t('records.delete.confirmErase')}
        </Button>
      </Group>
    </Modal>
  );
}
