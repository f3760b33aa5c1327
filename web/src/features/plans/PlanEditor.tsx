import { Checkbox, Divider, Modal, MultiSelect, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { useCan } from '../../routes/staff/session.tsx';
import { useTemplateList } from '../class-templates/api.ts';
import { useLocations } from '../studios/api.ts';
import { planKinds, plansApi, plansKey, type PlanDto, type PlanInput, type PlanKind } from './api.ts';

type Unit = 'day' | 'week' | 'month';

interface Values {
  name: string;
  description: string;
  kind: PlanKind;
  intervalCount: number | string;
  intervalUnit: Unit;
  specificStartDate: string;
  specificEndDate: string;
  expires: boolean;
  expiryCount: number | string;
  expiryUnit: Unit;
  priceMode: 'fixed' | 'sliding';
  price: number | string;
  priceMin: number | string;
  priceMax: number | string;
  taxPercent: number | string;
  creditsMode: 'unlimited' | 'per_period' | 'total';
  creditsCount: number | string;
  dollarCredit: number | string;
  usableTemplateIds: string[];
  usableServiceIds: string[];
  usableLocationIds: string[];
  shareableWithChildren: boolean;
  waiverRequired: boolean;
  featured: boolean;
  isPublic: boolean;
  customerCanFreeze: boolean;
  customerCanCancel: boolean;
}

const renewing = (kind: PlanKind) => kind === 'subscription_absolute' || kind === 'on_demand';
const isPack = (kind: PlanKind) => kind === 'class_pack' || kind === 'intro_offer';
const money = (minor: number | null | undefined, currency: string) => (minor === null || minor === undefined ? '' : fromMinorUnits(minor, currency));

const valuesOf = (p: PlanDto | null, currency: string): Values => ({
  name: p?.name ?? '',
  description: p?.description ?? '',
  kind: p?.kind ?? 'subscription_absolute',
  intervalCount: p?.intervalCount ?? 1,
  intervalUnit: (p?.intervalUnit ?? 'month') as Unit,
  specificStartDate: p?.specificStartDate ?? '',
  specificEndDate: p?.specificEndDate ?? '',
  expires: p ? p.expiryCount !== null : false,
  expiryCount: p?.expiryCount ?? 3,
  expiryUnit: (p?.expiryUnit ?? 'month') as Unit,
  priceMode: p?.priceMode ?? 'fixed',
  price: p ? money(p.priceMinor, currency) : 0,
  priceMin: money(p?.priceMinMinor, currency),
  priceMax: money(p?.priceMaxMinor, currency),
  taxPercent: p ? p.taxRateBp / 100 : 0,
  creditsMode: p?.creditsMode ?? 'unlimited',
  creditsCount: p?.creditsCount ?? 10,
  dollarCredit: money(p?.dollarCreditMinor, currency),
  usableTemplateIds: p?.usableTemplateIds ?? [],
  usableServiceIds: p?.usableServiceIds ?? [],
  usableLocationIds: p?.usableLocationIds ?? [],
  shareableWithChildren: p?.shareableWithChildren ?? false,
  waiverRequired: p?.waiverRequired ?? false,
  featured: p?.featured ?? false,
  isPublic: p ? p.visibility === 'public' : true,
  customerCanFreeze: p?.customerCanFreeze ?? false,
  customerCanCancel: p?.customerCanCancel ?? false,
});

/** The request body: only what the kind uses (the server drops the rest too). */
function bodyOf(v: Values, currency: string): PlanInput {
  const packKind = isPack(v.kind);
  const creditsMode = packKind ? 'total' : v.kind === 'dollar_pack' || v.kind === 'on_demand' ? 'unlimited' : v.creditsMode;
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    kind: v.kind,
    intervalCount: renewing(v.kind) ? Number(v.intervalCount) : null,
    intervalUnit: renewing(v.kind) ? v.intervalUnit : null,
    specificStartDate: v.kind === 'subscription_specific' ? v.specificStartDate || null : null,
    specificEndDate: v.kind === 'subscription_specific' ? v.specificEndDate || null : null,
    expiryCount: packKind && (v.expires || v.kind === 'intro_offer') ? Number(v.expiryCount) : null,
    expiryUnit: packKind && (v.expires || v.kind === 'intro_offer') ? v.expiryUnit : null,
    priceMode: v.priceMode,
    priceMinor: toMinorUnits(v.price, currency) ?? 0,
    priceMinMinor: v.priceMode === 'sliding' ? toMinorUnits(v.priceMin, currency) : null,
    priceMaxMinor: v.priceMode === 'sliding' ? toMinorUnits(v.priceMax, currency) : null,
    taxRateBp: Math.round(Number(v.taxPercent || 0) * 100),
    creditsMode,
    creditsCount: creditsMode === 'unlimited' ? null : Number(v.creditsCount),
    dollarCreditMinor: v.kind === 'dollar_pack' ? toMinorUnits(v.dollarCredit, currency) : null,
    usableTemplateIds: v.usableTemplateIds,
    usableServiceIds: v.usableServiceIds,
    usableLocationIds: v.usableLocationIds,
    shareableWithChildren: v.shareableWithChildren,
    waiverRequired: v.waiverRequired,
    featured: v.featured,
    visibility: v.isPublic ? 'public' : 'hidden',
    customerCanFreeze: v.customerCanFreeze,
    customerCanCancel: v.customerCanCancel,
  };
}

interface Props {
  plan: PlanDto | null;
  currency: string;
  onClose: () => void;
}

/** Creates or edits a plan: kind and duration, price, credits, what it can be used for, and who may do what. */
export function PlanEditor({ plan, currency, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const digits = currencyDigits(currency);
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const templates = useTemplateList(false);
  const locations = useLocations(useCan('locations:read'));
  const form = useForm<Values>({
    initialValues: valuesOf(plan, currency),
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      price: (v) => (v !== '' && Number(v) >= 0 ? null : t('plans.validation.price')),
    },
  });
  const v = form.getValues();
  const unitData = (count: number | string) =>
    (['day', 'week', 'month'] as const).map((u) => ({ value: u, label: t(`plans.units.${u}`, { count: Number(count) || 1 }) }));

  const submit = form.onSubmit(async (values) => {
    try {
      const body = bodyOf(values, currency);
      const saved = plan ? await plansApi.update(plan.id, body) : await plansApi.create(body);
      await queryClient.invalidateQueries({ queryKey: plansKey });
      notifySuccess(plan ? t('plans.saved', { name: saved.name }) : t('plans.created', { name: saved.name }));
      onClose();
    } catch (error) {
      applyApiError(form, error, t, {
        priceMinor: 'price',
        priceMinMinor: 'priceMin',
        priceMaxMinor: 'priceMax',
        taxRateBp: 'taxPercent',
        dollarCreditMinor: 'dollarCredit',
        visibility: 'isPublic',
      });
    }
  });

  return (
    <Modal opened onClose={onClose} title={plan ? t('plans.editNamed', { name: plan.name }) : t('plans.new')} size="lg" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label={t('plans.fields.name')} required {...form.getInputProps('name')} key={form.key('name')} />
          <Textarea label={t('plans.fields.description')} autosize minRows={2} {...form.getInputProps('description')} key={form.key('description')} />
          <Select
            label={t('plans.fields.kind')}
            data={planKinds.map((k) => ({ value: k, label: t(`plans.kinds.${k}`) }))}
            allowDeselect={false}
            description={t(`plans.kindHelp.${v.kind}`)}
            {...form.getInputProps('kind')}
            key={form.key('kind')}
          />

          {renewing(v.kind) ? (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <NumberInput label={t('plans.fields.renewsEvery')} min={1} max={366} allowDecimal={false} {...form.getInputProps('intervalCount')} key={form.key('intervalCount')} />
              <Select label={t('plans.fields.unit')} data={unitData(v.intervalCount)} allowDeselect={false} {...form.getInputProps('intervalUnit')} key={form.key('intervalUnit')} />
            </SimpleGrid>
          ) : null}
          {v.kind === 'subscription_specific' ? (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput type="date" label={t('plans.fields.startDate')} {...form.getInputProps('specificStartDate')} key={form.key('specificStartDate')} />
              <TextInput type="date" label={t('plans.fields.endDate')} {...form.getInputProps('specificEndDate')} key={form.key('specificEndDate')} />
            </SimpleGrid>
          ) : null}
          {isPack(v.kind) ? (
            <Stack gap="xs">
              {v.kind === 'class_pack' ? <Checkbox label={t('plans.fields.expires')} {...form.getInputProps('expires', { type: 'checkbox' })} key={form.key('expires')} /> : null}
              {v.expires || v.kind === 'intro_offer' ? (
                <SimpleGrid cols={{ base: 1, xs: 2 }}>
                  <NumberInput label={t('plans.fields.validFor')} min={1} max={3660} allowDecimal={false} {...form.getInputProps('expiryCount')} key={form.key('expiryCount')} />
                  <Select label={t('plans.fields.unit')} data={unitData(v.expiryCount)} allowDeselect={false} {...form.getInputProps('expiryUnit')} key={form.key('expiryUnit')} />
                </SimpleGrid>
              ) : null}
            </Stack>
          ) : null}

          <Divider label={t('plans.sections.price')} labelPosition="left" />
          <SegmentedControl
            w="fit-content"
            data={[
              { value: 'fixed', label: t('plans.priceModes.fixed') },
              { value: 'sliding', label: t('plans.priceModes.sliding') },
            ]}
            {...form.getInputProps('priceMode')}
            key={form.key('priceMode')}
            aria-label={t('plans.fields.priceMode')}
          />
          <SimpleGrid cols={{ base: 1, xs: v.priceMode === 'sliding' ? 3 : 2 }}>
            {v.priceMode === 'sliding' ? (
              <NumberInput label={t('plans.fields.priceMin')} min={0} decimalScale={digits} {...form.getInputProps('priceMin')} key={form.key('priceMin')} />
            ) : null}
            <NumberInput
              label={v.priceMode === 'sliding' ? t('plans.fields.priceSuggested') : t('plans.fields.price')}
              description={t('plans.fields.priceHelp', { currency })}
              min={0}
              decimalScale={digits}
              {...form.getInputProps('price')}
              key={form.key('price')}
            />
            {v.priceMode === 'sliding' ? (
              <NumberInput label={t('plans.fields.priceMax')} min={0} decimalScale={digits} {...form.getInputProps('priceMax')} key={form.key('priceMax')} />
            ) : (
              <NumberInput label={t('plans.fields.tax')} min={0} max={100} decimalScale={2} suffix=" %" {...form.getInputProps('taxPercent')} key={form.key('taxPercent')} />
            )}
          </SimpleGrid>
          {v.priceMode === 'sliding' ? (
            <NumberInput label={t('plans.fields.tax')} min={0} max={100} decimalScale={2} suffix=" %" maw={200} {...form.getInputProps('taxPercent')} key={form.key('taxPercent')} />
          ) : null}

          <Divider label={t('plans.sections.credits')} labelPosition="left" />
          {v.kind === 'dollar_pack' ? (
            <NumberInput label={t('plans.fields.dollarCredit')} description={t('plans.fields.dollarCreditHelp')} min={0} decimalScale={digits} {...form.getInputProps('dollarCredit')} key={form.key('dollarCredit')} />
          ) : v.kind === 'on_demand' ? (
            <Text size="sm" c="dimmed">
              {t('plans.onDemandCredits')}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              {isPack(v.kind) ? (
                <Text size="sm" c="dimmed" style={{ alignSelf: 'end' }}>
                  {t('plans.packCredits')}
                </Text>
              ) : (
                <Select
                  label={t('plans.fields.creditsMode')}
                  data={(['unlimited', 'per_period', 'total'] as const)
                    .filter((m) => m !== 'per_period' || renewing(v.kind))
                    .map((m) => ({ value: m, label: t(`plans.creditsModes.${m}`) }))}
                  allowDeselect={false}
                  {...form.getInputProps('creditsMode')}
                  key={form.key('creditsMode')}
                />
              )}
              {isPack(v.kind) || v.creditsMode !== 'unlimited' ? (
                <NumberInput label={t('plans.fields.creditsCount')} min={1} max={100000} allowDecimal={false} {...form.getInputProps('creditsCount')} key={form.key('creditsCount')} />
              ) : null}
            </SimpleGrid>
          )}

          <Divider label={t('plans.sections.usableFor')} labelPosition="left" />
          <Text size="xs" c="dimmed">
            {t('plans.usableHelp')}
          </Text>
          <MultiSelect
            label={t('plans.fields.templates')}
            placeholder={v.usableTemplateIds.length === 0 ? t('plans.all') : undefined}
            data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            searchable
            {...form.getInputProps('usableTemplateIds')}
            key={form.key('usableTemplateIds')}
          />
          <TagsInput
            label={t('plans.fields.services')}
            description={t('plans.fields.servicesHelp')}
            placeholder={v.usableServiceIds.length === 0 ? t('plans.all') : undefined}
            {...form.getInputProps('usableServiceIds')}
            key={form.key('usableServiceIds')}
          />
          <MultiSelect
            label={t('plans.fields.locations')}
            placeholder={v.usableLocationIds.length === 0 ? t('plans.all') : undefined}
            data={(locations.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            {...form.getInputProps('usableLocationIds')}
            key={form.key('usableLocationIds')}
          />

          <Divider label={t('plans.sections.options')} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Switch label={t('plans.fields.public')} description={t('plans.fields.publicHelp')} {...form.getInputProps('isPublic', { type: 'checkbox' })} key={form.key('isPublic')} />
            <Switch label={t('plans.fields.featured')} description={t('plans.fields.featuredHelp')} {...form.getInputProps('featured', { type: 'checkbox' })} key={form.key('featured')} />
            <Switch label={t('plans.fields.shareable')} {...form.getInputProps('shareableWithChildren', { type: 'checkbox' })} key={form.key('shareableWithChildren')} />
            <Switch label={t('plans.fields.waiver')} {...form.getInputProps('waiverRequired', { type: 'checkbox' })} key={form.key('waiverRequired')} />
            <Switch label={t('plans.fields.customerFreeze')} {...form.getInputProps('customerCanFreeze', { type: 'checkbox' })} key={form.key('customerCanFreeze')} />
            <Switch label={t('plans.fields.customerCancel')} {...form.getInputProps('customerCanCancel', { type: 'checkbox' })} key={form.key('customerCanCancel')} />
          </SimpleGrid>

          <FormActions onCancel={onClose} submitLabel={plan ? t('common.save') : t('plans.create')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}
