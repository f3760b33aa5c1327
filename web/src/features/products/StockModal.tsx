import { Modal, NumberInput, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { formatInZone, formatNumber } from '../../lib/format.ts';
import { productsApi, productsKey, useStockMovements, type ProductDto } from './api.ts';

interface Values {
  kind: 'restock' | 'adjustment';
  quantity: number | string;
  note: string;
}

/** Receives a delivery or corrects the count (with a reason), and shows the product's stock history. */
export function StockModal({ product, timeZone, onClose }: { product: ProductDto; timeZone: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const movements = useStockMovements(product.id);
  const form = useForm<Values>({
    initialValues: { kind: 'restock', quantity: '', note: '' },
    validate: {
      quantity: (v, values) => {
        const n = Number(v);
        if (v === '' || !Number.isInteger(n) || n === 0) return t('products.validation.quantity');
        return values.kind === 'restock' && n < 0 ? t('products.validation.quantity') : null;
      },
      note: (v, values) => (values.kind === 'adjustment' && !v.trim() ? t('products.validation.note') : null),
    },
  });

  const submit = form.onSubmit(async (values) => {
    try {
      const saved = await productsApi.moveStock(product.id, { kind: values.kind, quantity: Number(values.quantity), note: values.note.trim() });
      await queryClient.invalidateQueries({ queryKey: productsKey });
      notifySuccess(t('products.stockSaved', { name: product.name, count: saved.onHand }));
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });

  return (
    <Modal opened onClose={onClose} title={t('products.stockTitle', { name: product.name })} size="lg">
      <Stack>
        <Text>
          {t('products.onHand')}: <b data-testid="modal-on-hand">{formatNumber(product.onHand)}</b>
        </Text>
        <form onSubmit={submit} noValidate>
          <Stack>
            <SegmentedControl
              value={form.values.kind}
              onChange={(v) => form.setFieldValue('kind', v as Values['kind'])}
              data={[
                { value: 'restock', label: t('products.kinds.restock') },
                { value: 'adjustment', label: t('products.kinds.adjustment') },
              ]}
              aria-label={t('products.movementKind')}
            />
            <NumberInput
              label={form.values.kind === 'restock' ? t('products.fields.received') : t('products.fields.change')}
              description={form.values.kind === 'adjustment' ? t('products.fields.changeHelp') : undefined}
              allowDecimal={false}
              required
              data-autofocus
              {...form.getInputProps('quantity')}
            />
            <TextInput label={t('products.fields.note')} required={form.values.kind === 'adjustment'} maxLength={500} {...form.getInputProps('note')} />
            <FormActions onCancel={onClose} submitLabel={t('products.recordMovement')} loading={form.submitting} />
          </Stack>
        </form>
        <Title order={3} fz="md">
          {t('products.history')}
        </Title>
        <QueryState isPending={movements.isPending} error={movements.error} onRetry={() => void movements.refetch()} />
        {movements.data ? (
          <Table.ScrollContainer minWidth={420} type="native" tabIndex={0}>
            <Table striped aria-label={t('products.history')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('products.when')}</Table.Th>
                  <Table.Th>{t('products.movementKind')}</Table.Th>
                  <Table.Th ta="right">{t('products.change')}</Table.Th>
                  <Table.Th ta="right">{t('products.after')}</Table.Th>
                  <Table.Th>{t('products.fields.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {movements.data.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInZone(m.createdAt, timeZone, { dateStyle: 'short', timeStyle: 'short' })}</Table.Td>
                    <Table.Td>{t(`products.kinds.${m.kind}`)}</Table.Td>
                    <Table.Td ta="right">{m.quantityDelta > 0 ? `+${formatNumber(m.quantityDelta)}` : formatNumber(m.quantityDelta)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(m.onHandAfter)}</Table.Td>
                    <Table.Td className="enso-break">{m.note || '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Modal>
  );
}
