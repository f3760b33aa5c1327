import { Modal, MultiSelect, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { useTemplateList } from '../class-templates/api.ts';
import { usePlanList } from '../plans/api.ts';
import { useProductList } from '../products/api.ts';
import { discountCodesApi, discountCodesKey, type DiscountCodeDto } from './api.ts';
import { dayOf, nextDay, startOfDay } from './zone-dates.ts';

interface Values {
  code: string;
  description: string;
  kind: 'percent' | 'amount';
  percent: number | string;
  amount: number | string;
  firstDay: string;
  lastDay: string;
  maxUses: number | string;
  maxUsesPerCustomer: number | string;
  planIds: string[];
  templateIds: string[];
  productIds: string[];
}

interface Props {
  code: DiscountCodeDto | null;
  currency: string;
  timeZone: string;
  onClose: () => void;
}

const optionalCount = (v: number | string) => (v === '' ? null : Number(v));
const isPositiveCount = (v: number | string) => v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1);

/** Creates or edits a discount code. Days are the studio's: from the start of the first to the end of the last. */
export function DiscountCodeModal({ code, currency, timeZone, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const plans = usePlanList(false, useCan('memberships:read'));
  const templates = useTemplateList(false);
  const products = useProductList({ archived: false, lowStock: false, q: '' });
  const form = useForm<Values>({
    initialValues: {
      code: code?.code ?? '',
      description: code?.description ?? '',
      kind: code?.kind ?? 'percent',
      percent: code?.percentBp ? code.percentBp / 100 : '',
      amount: code?.amountMinor ? (fromMinorUnits(code.amountMinor, currency) as number) : '',
      firstDay: code?.validFrom ? dayOf(code.validFrom, timeZone) : '',
      lastDay: code?.validUntil ? dayOf(new Date(code.validUntil).getTime() - 1, timeZone) : '',
      maxUses: code?.maxUses ?? '',
      maxUsesPerCustomer: code?.maxUsesPerCustomer ?? '',
      planIds: code?.planIds ?? [],
      templateIds: code?.templateIds ?? [],
      productIds: code?.productIds ?? [],
    },
    validate: {
      code: (v) => (code || /^[A-Za-z0-9_-]{3,32}$/.test(v.trim()) ? null : t('discountCodes.validation.code')),
      percent: (v, values) => (values.kind !== 'percent' || (v !== '' && Number(v) > 0 && Number(v) <= 100) ? null : t('discountCodes.validation.percent')),
      amount: (v, values) => (values.kind !== 'amount' || (v !== '' && Number(v) > 0) ? null : t('discountCodes.validation.amount')),
      lastDay: (v, values) => (v && values.firstDay && v < values.firstDay ? t('discountCodes.validation.lastDay') : null),
      maxUses: (v) => (isPositiveCount(v) ? null : t('discountCodes.validation.count')),
      maxUsesPerCustomer: (v) => (isPositiveCount(v) ? null : t('discountCodes.validation.count')),
    },
  });

  const submit = form.onSubmit(async (v) => {
    const body = {
      kind: v.kind,
      description: v.description.trim(),
      percentBp: v.kind === 'percent' ? Math.round(Number(v.percent) * 100) : null,
      amountMinor: v.kind === 'amount' ? toMinorUnits(v.amount, currency) : null,
      validFrom: v.firstDay ? startOfDay(v.firstDay, timeZone) : null,
      validUntil: v.lastDay ? startOfDay(nextDay(v.lastDay), timeZone) : null,
      maxUses: optionalCount(v.maxUses),
      maxUsesPerCustomer: optionalCount(v.maxUsesPerCustomer),
      planIds: v.planIds,
      templateIds: v.templateIds,
      productIds: v.productIds,
    };
    try {
      if (code) await discountCodesApi.update(code.id, body);
      else await discountCodesApi.create({ ...body, code: v.code.trim() });
    } catch (error) {
      applyApiError(form, error, t, { percentBp: 'percent', amountMinor: 'amount', validFrom: 'firstDay', validUntil: 'lastDay' });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: discountCodesKey });
    notifySuccess(code ? t('common.saved') : t('discountCodes.created', { code: v.code.trim().toUpperCase() }));
    onClose();
  });

  const options = <T extends { id: string; name: string }>(items: T[] | undefined) => (items ?? []).map((x) => ({ value: x.id, label: x.name }));

  return (
    <Modal opened onClose={onClose} title={code ? t('discountCodes.editTitle', { code: code.code }) : t('discountCodes.new')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {code ? null : (
            <TextInput
              label={t('discountCodes.fields.code')}
              description={t('discountCodes.fields.codeHelp')}
              required
              data-autofocus
              maxLength={32}
              styles={{ input: { textTransform: 'uppercase', fontFamily: 'monospace' } }}
              {...form.getInputProps('code')}
            />
          )}
          <TextInput label={t('discountCodes.fields.description')} maxLength={500} {...form.getInputProps('description')} />
          <SegmentedControl
            value={form.values.kind}
            onChange={(k) => form.setFieldValue('kind', k as Values['kind'])}
            data={[
              { value: 'percent', label: t('discountCodes.kinds.percent') },
              { value: 'amount', label: t('discountCodes.kinds.amount') },
            ]}
            aria-label={t('discountCodes.fields.kind')}
          />
          {form.values.kind === 'percent' ? (
            <NumberInput label={t('discountCodes.fields.percent')} required min={0.01} max={100} decimalScale={2} suffix=" %" {...form.getInputProps('percent')} />
          ) : (
            <NumberInput
              label={t('discountCodes.fields.amount')}
              description={t('discountCodes.fields.amountHelp')}
              required
              min={0}
              decimalScale={currencyDigits(currency)}
              fixedDecimalScale
              suffix={` ${currency}`}
              {...form.getInputProps('amount')}
            />
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput type="date" label={t('discountCodes.fields.firstDay')} {...form.getInputProps('firstDay')} />
            <TextInput type="date" label={t('discountCodes.fields.lastDay')} {...form.getInputProps('lastDay')} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('discountCodes.fields.daysHelp', { zone: timeZone })}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <NumberInput label={t('discountCodes.fields.maxUses')} description={t('discountCodes.fields.unlimitedHelp')} min={1} allowDecimal={false} {...form.getInputProps('maxUses')} />
            <NumberInput
              label={t('discountCodes.fields.maxUsesPerCustomer')}
              description={t('discountCodes.fields.unlimitedHelp')}
              min={1}
              allowDecimal={false}
              {...form.getInputProps('maxUsesPerCustomer')}
            />
          </SimpleGrid>
          <Text size="sm" fw={600}>
            {t('discountCodes.fields.appliesTo')}
          </Text>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('discountCodes.fields.appliesToHelp')}
          </Text>
          <MultiSelect label={t('discountCodes.fields.plans')} data={options(plans.data)} searchable clearable {...form.getInputProps('planIds')} />
          <MultiSelect label={t('discountCodes.fields.templates')} data={options(templates.data)} searchable clearable {...form.getInputProps('templateIds')} />
          <MultiSelect label={t('discountCodes.fields.products')} data={options(products.data)} searchable clearable {...form.getInputProps('productIds')} />
          <FormActions onCancel={onClose} submitLabel={code ? t('common.save') : t('discountCodes.create')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}
