import { Badge, Button, Checkbox, Group, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchivableList } from '../../app/ui/ArchivableList.tsx';
import type { Column } from '../../app/ui/DataTable.tsx';
import { IconSearch } from '../../app/ui/icons.tsx';
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
      <ArchivableList
        labels={{
          title: t('products.title'),
          description: t('products.description'),
          new: t('products.new'),
          show: t('products.show'),
          active: t('products.active'),
          archivedTab: t('products.archivedTab'),
          empty: t('products.empty'),
          emptyArchived: t('products.emptyArchived'),
          editNamed: (x) => t('products.editNamed', { name: x.name }),
          archiveNamed: (x) => t('products.archiveNamed', { name: x.name }),
          restoreNamed: (x) => t('products.restoreNamed', { name: x.name }),
          archivedNotice: (x) => t('products.archived', { name: x.name }),
          restoredNotice: (x) => t('products.restored', { name: x.name }),
        }}
        canWrite={canWrite}
        archived={archived}
        onArchivedChange={setArchived}
        query={products}
        columns={columns}
        testId="products-table"
        onNew={() => setEditing('new')}
        onEdit={setEditing}
        archiveApi={productsApi}
        queryKey={productsKey}
        onError={(error) => notifications.show({ color: 'red', title: t('errors.title'), message: catalogErrorMessage(error, t, 'products') })}
        emptyText={lowStock ? t('products.emptyLow') : undefined}
        extraActions={(p) =>
          p.trackStock ? (
            <Button size="compact-sm" variant="subtle" onClick={() => setStocking(p)} aria-label={t('products.stockNamed', { name: p.name })}>
              {t('products.stock')}
            </Button>
          ) : null
        }
        filters={
          <>
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
          </>
        }
      />
      {editing ? (
        <ProductModal key={editing === 'new' ? 'new' : editing.id} product={editing === 'new' ? null : editing} currency={editing === 'new' ? currency : editing.currency} onClose={() => setEditing(null)} />
      ) : null}
      {stocking ? <StockModal key={stocking.id} product={stocking} timeZone={studio.data?.timeZone} onClose={() => setStocking(null)} /> : null}
    </>
  );
}
