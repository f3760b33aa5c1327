import { Alert, Group, Input, Modal, MultiSelect, NumberInput, Radio, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../../app/ui/FormActions.tsx';
import { applyApiError, notifySuccess } from '../../../lib/errors.ts';
import { currencyDigits, formatMoney, fromMinorUnits, toMinorUnits } from '../../../lib/format.ts';
import { usePlanList } from '../../plans/api.ts';
import { penaltyRulesKey, staffBookingApi, type PenaltyRuleDto, type PenaltyRuleInput } from './api.ts';
import { describePenaltyRule } from './penalty-sentence.ts';

type CountMode = PenaltyRuleInput['countMode'];
type PeriodKind = PenaltyRuleInput['periodKind'];

interface Values {
  offence: PenaltyRuleInput['offence'];
  planIds: string[];
  countMode: CountMode;
  countN: number | string;
  periodKind: PeriodKind;
  periodN: number | string;
  fee: number | string;
  active: boolean;
}

const countModes: CountMode[] = ['every', 'minimum', 'exactly'];

/**
 * Create or edit a penalty rule: the offence, the memberships it applies to, when it applies
 * (every / minimum / exactly N times), over which period, and the fee. The rule reads back in
 * plain words under the fields as they change.
 */
export function StaffPenaltyRuleModal({ rule, currency, onClose }: { rule: PenaltyRuleDto | null; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const plans = usePlanList(false);
  const digits = currencyDigits(rule?.currency ?? currency);
  const form = useForm<Values>({
    initialValues: {
      offence: rule?.offence ?? 'no_show',
      planIds: rule?.planIds ?? [],
      countMode: rule?.countMode ?? 'every',
      countN: rule?.countN ?? 2,
      periodKind: rule?.periodKind ?? 'days',
      periodN: rule?.periodN ?? 30,
      fee: rule ? fromMinorUnits(rule.feeMinor, rule.currency) : '',
      active: rule?.active ?? true,
    },
    validate: {
      countN: (v) => (Number(v) >= 1 && Number(v) <= 100 ? null : t('bookingStaff.penalties.fields.countRange')),
      periodN: (v, all) => (all.periodKind === 'renewal_period' || (Number(v) >= 1 && Number(v) <= 3650) ? null : t('bookingStaff.penalties.fields.periodRange')),
      fee: (v) => (Number(v) > 0 ? null : t('bookingStaff.penalties.fields.feeRequired')),
    },
  });
  const v = form.getValues();
  const sentence = describePenaltyRule(
    { offence: v.offence, countMode: v.countMode, countN: Number(v.countN), periodKind: v.periodKind, periodN: v.periodKind === 'renewal_period' ? null : Number(v.periodN) || null },
    t,
  );
  const planNames = (plans.data ?? []).filter((p) => v.planIds.includes(p.id)).map((p) => p.name);
  const feeMinor = toMinorUnits(v.fee, currency);

  const submit = form.onSubmit(async (values) => {
    const body: PenaltyRuleInput = {
      offence: values.offence,
      planIds: values.planIds,
      countMode: values.countMode,
      countN: Number(values.countN),
      periodKind: values.periodKind,
      periodN: values.periodKind === 'renewal_period' ? null : Number(values.periodN),
      feeMinor: toMinorUnits(values.fee, currency) ?? 0,
      active: values.active,
    };
    try {
      if (rule) await staffBookingApi.updatePenaltyRule(rule.id, body);
      else await staffBookingApi.createPenaltyRule(body);
      await queryClient.invalidateQueries({ queryKey: penaltyRulesKey });
      notifySuccess(t(rule ? 'bookingStaff.penalties.saved' : 'bookingStaff.penalties.created'));
      onClose();
    } catch (error) {
      applyApiError(form, error, t, { feeMinor: 'fee' });
    }
  });

  return (
    <Modal opened onClose={onClose} title={t(rule ? 'bookingStaff.penalties.editTitle' : 'bookingStaff.penalties.newTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Radio.Group label={t('bookingStaff.penalties.fields.offence')} {...form.getInputProps('offence')}>
            <Group gap="lg" mt={6}>
              <Radio value="late_cancel" label={t('bookingStaff.penalties.offences.late_cancel')} />
              <Radio value="no_show" label={t('bookingStaff.penalties.offences.no_show')} />
            </Group>
          </Radio.Group>
          <MultiSelect
            label={t('bookingStaff.penalties.fields.plans')}
            description={t('bookingStaff.penalties.fields.plansHelp')}
            placeholder={v.planIds.length === 0 ? t('bookingStaff.penalties.allPlans') : undefined}
            data={(plans.data ?? []).filter((p) => p.kind !== 'dollar_pack').map((p) => ({ value: p.id, label: p.name }))}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('planIds')}
          />
          <Input.Wrapper label={t('bookingStaff.penalties.fields.when')} description={t(`bookingStaff.penalties.countHelp.${v.countMode}`)} labelElement="div" id="penalty-count">
            <Group gap="sm" align="flex-end" wrap="wrap" mt={6}>
              <SegmentedControl
                aria-labelledby="penalty-count-label"
                data={countModes.map((m) => ({ value: m, label: t(`bookingStaff.penalties.countModes.${m}`) }))}
                {...form.getInputProps('countMode')}
              />
              <NumberInput label={t('bookingStaff.penalties.fields.times')} min={1} max={100} allowDecimal={false} w={160} {...form.getInputProps('countN')} />
            </Group>
          </Input.Wrapper>
          <Input.Wrapper label={t('bookingStaff.penalties.fields.period')} labelElement="div" id="penalty-period">
            <Group gap="sm" align="flex-end" wrap="wrap" mt={6}>
              {v.periodKind !== 'renewal_period' ? (
                <NumberInput label={t('bookingStaff.penalties.fields.lookBack')} min={1} max={3650} allowDecimal={false} w={160} {...form.getInputProps('periodN')} />
              ) : null}
              <SegmentedControl
                aria-labelledby="penalty-period-label"
                data={(['days', 'months', 'renewal_period'] as const).map((k) => ({ value: k, label: t(`bookingStaff.penalties.periodKinds.${k}`) }))}
                {...form.getInputProps('periodKind')}
              />
            </Group>
          </Input.Wrapper>
          <NumberInput
            label={t('bookingStaff.penalties.fields.fee')}
            description={t('bookingStaff.penalties.fields.feeHelp')}
            min={0}
            decimalScale={digits}
            fixedDecimalScale={digits > 0}
            suffix={` ${currency}`}
            maw={240}
            {...form.getInputProps('fee')}
          />
          <Switch label={t('bookingStaff.penalties.fields.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          <Alert color="brand" variant="light" title={t('bookingStaff.penalties.inWords')} aria-live="polite">
            <Text size="sm" fw={600} data-testid="penalty-sentence">
              {sentence}
            </Text>
            <Text size="sm" mt={4}>
              {planNames.length > 0 ? t('bookingStaff.penalties.onlyPlans', { plans: planNames.join(', ') }) : t('bookingStaff.penalties.anyPlan')}{' '}
              {feeMinor ? t('bookingStaff.penalties.feeSentence', { amount: formatMoney(feeMinor, currency) }) : null}
            </Text>
          </Alert>
          <FormActions onCancel={onClose} submitLabel={t(rule ? 'common.save' : 'bookingStaff.penalties.create')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}
