import { Button, Modal, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { IconPlus, IconSearch } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { customersApi, customersKey } from '../../../features/customers/api.ts';
import { CustomerForm, toCreateBody } from '../../../features/customers/CustomerForm.tsx';
import { useStudio } from '../../../features/studios/api.ts';
import { notifySuccess } from '../../../lib/errors.ts';
import { fullName } from '../../../lib/format.ts';
import { CustomerList } from '../../../features/segments/CustomerList.tsx';
import { useCan } from '../session.tsx';

export function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const canWrite = useCan('customers:write');
  const canImport = useCan('customers:import');
  const canExport = useCan('customers:export');
  const studio = useStudio(useCan('studio:read'));
  const creating = params.get('new') === '1';

  const setCreating = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set('new', '1');
    else next.delete('new');
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        actions={
          <>
            {canImport ? (
              <Button component={Link} to="/customers/import" variant="default">
                {t('imports.button')}
              </Button>
            ) : null}
            {canWrite ? (
              <Button leftSection={<IconPlus />} onClick={() => setCreating(true)}>
                {t('customers.add')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack>
        <TextInput
          type="search"
          label={t('customers.search')}
          placeholder={t('customers.searchPlaceholder')}
          leftSection={<IconSearch />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maw={480}
        />
        <CustomerList q={q} timeZone={studio.data?.timeZone} canWrite={canWrite} canExport={canExport} />
      </Stack>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('customers.add')} size="lg">
        <CustomerForm
          submitLabel={t('customers.create')}
          onCancel={() => setCreating(false)}
          onSubmit={async (values) => {
            const created = await customersApi.create(toCreateBody(values));
            await queryClient.invalidateQueries({ queryKey: customersKey });
            notifySuccess(t('customers.createdToast', { name: fullName(created) }));
            void navigate(`/customers/${created.id}`);
          }}
        />
      </Modal>
    </>
  );
}
