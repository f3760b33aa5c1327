import { Badge, Button, Center, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../../app/ui/DataTable.tsx';
import { IconPlus, IconSearch } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { customersApi, customersKey } from '../../../features/customers/api.ts';
import { CustomerForm, toCreateBody } from '../../../features/customers/CustomerForm.tsx';
import { useStudio } from '../../../features/studios/api.ts';
import type { CustomerDto } from '../../../lib/contracts.ts';
import { notifySuccess } from '../../../lib/errors.ts';
import { formatInZone, formatNumber, fullName } from '../../../lib/format.ts';
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
  const studio = useStudio(useCan('studio:read'));
  const creating = params.get('new') === '1';

  const list = useInfiniteQuery({
    queryKey: [...customersKey, 'search', q],
    queryFn: ({ pageParam, signal }) => customersApi.search(q, pageParam, 25, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total;

  const setCreating = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set('new', '1');
    else next.delete('new');
    setParams(next, { replace: true });
  };

  const columns: Column<CustomerDto>[] = [
    {
      key: 'name',
      header: t('fields.name'),
      primary: true,
      render: (c) => (
        <Text component={Link} to={`/customers/${c.id}`} fw={600} c="brand.8" td="underline" className="enso-break">
          {fullName(c)}
        </Text>
      ),
    },
    { key: 'email', header: t('fields.email'), render: (c) => c.email ?? '' },
    { key: 'phone', nowrap: true, header: t('fields.phone'), render: (c) => c.phone ?? '' },
    {
      key: 'account',
      nowrap: true,
      header: t('customers.account'),
      render: (c) =>
        c.hasAccount ? (
          <Badge variant="dot" color="teal">
            {t('customers.hasAccount')}
          </Badge>
        ) : (
          <Text span size="sm" c="dimmed">
            {t('customers.noAccount')}
          </Text>
        ),
    },
    {
      key: 'created',
      nowrap: true,
      header: t('customers.created'),
      render: (c) => formatInZone(c.createdAt, studio.data?.timeZone, { dateStyle: 'medium' }),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        description={total !== undefined ? t('customers.total', { count: total, formatted: formatNumber(total) }) : undefined}
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
        <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} />
        {list.data && rows.length === 0 ? (
          <Text c="dimmed" py="lg" role="status">
            {q ? t('customers.noMatch', { q }) : t('customers.empty')}
          </Text>
        ) : null}
        {rows.length > 0 ? (
          <DataTable rows={rows} columns={columns} rowKey={(c) => c.id} label={t('customers.title')} testId="customer-list" />
        ) : null}
        {list.hasNextPage ? (
          <Center>
            <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </Center>
        ) : null}
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
