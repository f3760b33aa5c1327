import { Badge, Button, Checkbox, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../app/ui/DataTable.tsx';
import { IconPlus, IconSearch } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifySuccess } from '../../lib/errors.ts';
import { formatMoney, formatNumber } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { useStudio } from '../studios/api.ts';
import { catalogErrorMessage, productsApi, productsKey, useProductList, type ProductDto } from './api.ts';
import { ProductModal } from './ProductModal.tsx';
import { StockModal } from './StockModal.tsx';

/** Tax rates are basis points: 2000 → "20 %". */
export const formatRate = (bp: number) => `${formatNumber(bp / 100)} %`;

/** Settings › Products: the retail catalog, its stock and what is running low. */
export function ProductsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('commerce:settings');
  const studio = useStudio(useCan('studio:read'));
  const [archived, setArchived] = useState(false);
  const [lowStock, setLowStock] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const products = useProductList({ archived, lowStock, q });
  const [editing, setEditing] = useState<ProductDto | 'new' | null>(null);
  const [stocking, setStocking] = useState<ProductDto | null>(null);
  const currency = studio.data?.currency ?? products.data?.[0]?.currency ?? 'EUR';

  const toggleArchived = async (p: ProductDto) => {
    try {
      if (p.archived) await productsApi.unarchive(p.id);
      else await productsApi.archive(p.id);
      await queryClient.invalidateQueries({ queryKey: productsKey });
      notifySuccess(p.archived ? t('products.restored', { name: p.name }) : t('products.archived', { name: p.name }));
    } catch (error) {
      notifications.show({ color: 'red', title: t('errors.title'), message: catalogErrorMessage(error, t, 'products') });
    }
  };

  const columns: Column<ProductDto>[] = [
    {
      key: 'name',
      header: t('products.fields.name'),
      primary: true,
      render: (p) => (
        <Group gap="xs" wrap="wrap">
          <span>{p.name}</span>
          {p.lowStock ? (
            <Badge color="orange" variant="filled" size="sm" data-testid="low-stock-badge">
              {t('products.lowStock')}
            </Badge>
          ) : null}
        </Group>
      ),
    },
    { key: 'sku', header: t('products.fields.sku'), render: (p) => p.sku ?? '—' },
    { key: 'price', header: t('products.fields.price'), nowrap: true, render: (p) => formatMoney(p.priceMinor, p.currency) },
    { key: 'tax', header: t('products.fields.taxRate'), nowrap: true, render: (p) => formatRate(p.taxRateBp) },
    {
      key: 'stock',
      header: t('products.fields.stock'),
      nowrap: true,
      render: (p) => (p.trackStock ? <span data-testid="on-hand">{formatNumber(p.onHand)}</span> : <Text c="dimmed" size="sm" span>{t('products.untracked')}</Text>),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('products.title')}
        description={t('products.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus />} onClick={() => setEditing('new')}>
              {t('products.new')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <Group gap="md" wrap="wrap" align="flex-end">
          <SegmentedControl
            value={archived ? 'archived' : 'active'}
            onChange={(v) => setArchived(v === 'archived')}
            data={[
              { value: 'active', label: t('products.active') },
              { value: 'archived', label: t('products.archivedTab') },
            ]}
            aria-label={t('products.show')}
          />
          <TextInput
            leftSection={<IconSearch />}
            placeholder={t('products.search')}
            aria-label={t('products.search')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            maxLength={100}
            style={{ flex: '1 1 12rem', maxWidth: 320 }}
          />
          <Checkbox label={t('products.lowStockOnly')} checked={lowStock} onChange={(e) => setLowStock(e.currentTarget.checked)} />
        </Group>
        <QueryState isPending={products.isPending} error={products.error} onRetry={() => void products.refetch()} />
        {products.data && products.data.length === 0 ? (
          <Text c="dimmed" role="status">
            {lowStock ? t('products.emptyLow') : archived ? t('products.emptyArchived') : t('products.empty')}
          </Text>
        ) : null}
        {products.data && products.data.length > 0 ? (
          <DataTable
            rows={products.data}
            columns={columns}
            rowKey={(p) => p.id}
            label={t('products.title')}
            testId="products-table"
            actionsLabel={t('common.actions')}
            actions={
              canWrite
                ? (p) => (
                    <Group gap={4} wrap="nowrap">
                      {!p.archived ? (
                        <>
                          <Button size="compact-sm" variant="subtle" onClick={() => setEditing(p)} aria-label={t('products.editNamed', { name: p.name })}>
                            {t('common.edit')}
                          </Button>
                          {p.trackStock ? (
                            <Button size="compact-sm" variant="subtle" onClick={() => setStocking(p)} aria-label={t('products.stockNamed', { name: p.name })}>
                              {t('products.stock')}
                            </Button>
                          ) : null}
                        </>
                      ) : null}
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color={p.archived ? undefined : 'red'}
                        onClick={() => void toggleArchived(p)}
                        aria-label={p.archived ? t('products.restoreNamed', { name: p.name }) : t('products.archiveNamed', { name: p.name })}
                      >
                        {p.archived ? t('common.restore') : t('common.archive')}
                      </Button>
                    </Group>
                  )
                : undefined
            }
          />
        ) : null}
      </Stack>
      {editing ? (
        <ProductModal key={editing === 'new' ? 'new' : editing.id} product={editing === 'new' ? null : editing} currency={editing === 'new' ? currency : editing.currency} onClose={() => setEditing(null)} />
      ) : null}
      {stocking ? <StockModal key={stocking.id} product={stocking} timeZone={studio.data?.timeZone} onClose={() => setStocking(null)} /> : null}
    </>
  );
}
