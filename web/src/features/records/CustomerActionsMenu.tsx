import { Button, Menu } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconChevronDown } from '../../app/ui/icons.tsx';
import type { CustomerDto } from '../../lib/contracts.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { recordsApi } from './api.ts';
import { DeleteModal } from './DeleteModal.tsx';
import { uploadButtonId } from './DocumentsSection.tsx';
import { MergeModal } from './MergeModal.tsx';

/** The "Actions" menu of a customer's profile header: add a document, merge a duplicate, download personal data, delete. */
export function CustomerActionsMenu({ customer }: { customer: CustomerDto }) {
  const { t } = useTranslation();
  const canWrite = useCan('customers:write');
  const canDelete = useCan('customers:delete');
  const canExport = useCan('customers:export');
  const [dialog, setDialog] = useState<'merge' | 'delete' | null>(null);
  const active = !customer.anonymized;
  if (!((canWrite || canDelete) && active) && !canExport) return null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={16} />}>
            {t('records.actions.label')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {canWrite && active ? (
            <>
              <Menu.Item onClick={() => document.getElementById(uploadButtonId)?.click()}>{t('records.actions.addDocument')}</Menu.Item>
              <Menu.Item onClick={() => setDialog('merge')}>{t('records.actions.merge')}</Menu.Item>
            </>
          ) : null}
          {canExport ? (
            <Menu.Item component="a" href={recordsApi.privacyExportUrl(customer.id)} download>
              {t('records.actions.export')}
            </Menu.Item>
          ) : null}
          {canDelete && active ? (
            // red.9: the lighter red fails the 4.5:1 contrast of menu text.
            <Menu.Item color="red.9" onClick={() => setDialog('delete')}>
              {t('records.actions.delete')}
            </Menu.Item>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <MergeModal customer={customer} opened={dialog === 'merge'} onClose={() => setDialog(null)} />
      <DeleteModal customer={customer} opened={dialog === 'delete'} onClose={() => setDialog(null)} />
    </>
  );
}
