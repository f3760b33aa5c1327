import { Checkbox, Modal, NumberInput, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { productsApi, productsKey, type ProductDto } from './api.ts';

interface Values {
  name: string;
  description: string;
  sku: string;
  price: number | string;
  taxRate: number | string;
  trackStock: boolean;
  initialStock: number | string;
  lowStockThreshold: number | string;
}

interface Props {
  product: ProductDto | null;
  currency: string;
  onClose: () => void;
}

const isCount = (v: number | string) => v !== '' && Number.isInteger(Number(v)) && Number(v) >= 0;

/** Creates or edits a product; the count itself changes only through stock movements. */
export function ProductModal({ product, currency, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      name: product?.name ?? '',
      description: product?.description ?? '',
      sku: product?.sku ?? '',
      price: product ? (fromMinorUnits(product.priceMinor, currency) as number) : '',
      taxRate: product ? product.taxRateBp / 100 : 0,
      trackStock: product?.trackStock ?? false,
      initialStock: 0,
      lowStockThreshold: product?.lowStockThreshold ?? '',
    },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      price: (v) => (v !== '' && Number(v) >= 0 ? null : t('products.validation.price')),
      taxRate: (v) => (v !== '' && Number(v) >= 0 && Number(v) <= 100 ? null : t('products.validation.taxRate')),
      initialStock: (v, values) => (!values.trackStock || product || isCount(v) ? null : t('products.validation.count')),
      lowStockThreshold: (v) => (v === '' || isCount(v) ? null : t('products.validation.count')),
    },
  });

  const submit = form.onSubmit(async (values) => {
    const common = {
      name: values.name.trim(),
      description: values.description.trim(),
      sku: values.sku.trim(),
      priceMinor: toMinorUnits(values.price, currency) ?? 0,
      taxRateBp: Math.round(Number(values.taxRate) * 100),
      trackStock: values.trackStock,
      lowStockThreshold: values.lowStockThreshold === '' ? null : Number(values.lowStockThreshold),
    };
    try {
      if (product) await productsApi.update(product.id, common);
      else await productsApi.create({ ...common, initialStock: values.trackStock ? Number(values.initialStock) : 0 });
    } catch (error) {
      applyApiError(form, error, t, { priceMinor: 'price', taxRateBp: 'taxRate' });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: productsKey });
    notifySuccess(product ? t('common.saved') : t('products.created', { name: common.name }));
    onClose();
  });

  return (
    <Modal opened onClose={onClose} title={product ? t('products.edit') : t('products.new')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('products.fields.name')} required data-autofocus maxLength={120} {...form.getInputProps('name')} />
          <Textarea label={t('products.fields.description')} autosize minRows={2} maxRows={6} maxLength={2000} {...form.getInputProps('description')} />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <TextInput label={t('products.fields.sku')} maxLength={64} {...form.getInputProps('sku')} />
            <NumberInput
              label={t('products.fields.price')}
              description={t('products.fields.priceHelp')}
              required
              min={0}
              decimalScale={currencyDigits(currency)}
              fixedDecimalScale
              suffix={` ${currency}`}
              {...form.getInputProps('price')}
            />
            <NumberInput label={t('products.fields.taxRate')} min={0} max={100} decimalScale={2} suffix=" %" {...form.getInputProps('taxRate')} />
          </SimpleGrid>
          <Checkbox label={t('products.fields.trackStock')} description={t('products.fields.trackStockHelp')} {...form.getInputProps('trackStock', { type: 'checkbox' })} />
          {form.values.trackStock ? (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              {product ? null : <NumberInput label={t('products.fields.initialStock')} min={0} allowDecimal={false} {...form.getInputProps('initialStock')} />}
              <NumberInput
                label={t('products.fields.lowStockThreshold')}
                description={t('products.fields.lowStockHelp')}
                min={0}
                allowDecimal={false}
                {...form.getInputProps('lowStockThreshold')}
              />
            </SimpleGrid>
          ) : null}
          <FormActions onCancel={onClose} submitLabel={product ? t('common.save') : t('products.create')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}
