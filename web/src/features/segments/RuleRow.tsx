import { ActionIcon, Group, MultiSelect, NumberInput, Paper, Select, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDto, TagWithCountDto } from '../crm/api.ts';

/**
 * A rule being edited: the shape of a criteria rule (src/modules/customers/domain/criteria.ts)
 * whose values may still be missing; `isComplete` says when it can be sent.
 */
export type DraftRule = { type: RuleType; op?: string; [key: string]: unknown };

export const ruleTypes = [
  'tags',
  'membershipStatus',
  'lastVisit',
  'visitCount',
  'field',
  'createdAt',
  'source',
  'subscription',
  'hasAccount',
  'isChild',
] as const;
export type RuleType = (typeof ruleTypes)[number];

const membershipStatuses = ['none', 'active', 'frozen', 'expired'];
const sources = ['dashboard', 'signup', 'import', 'referral', 'checkout'];
const channels = ['emailMarketing', 'emailTransactional', 'smsMarketing', 'sms'];

/** The operators that make sense for each kind of custom field. */
export const fieldOps: Record<FieldDto['kind'], string[]> = {
  text: ['textContains', 'textEquals', 'set', 'empty'],
  number: ['numberEq', 'numberGte', 'numberLte', 'numberGt', 'numberLt', 'numberBetween', 'set', 'empty'],
  date: ['anniversaryToday', 'dateBefore', 'dateAfter', 'dateOn', 'set', 'empty'],
  choice: ['choiceIn', 'set', 'empty'],
  multi_choice: ['choiceIn', 'set', 'empty'],
  checkbox: ['checked', 'unchecked'],
};

/** A new rule of a type, with sensible first values. */
export function newRule(type: RuleType, fields: FieldDto[]): DraftRule {
  switch (type) {
    case 'tags':
      return { type, op: 'any', tagIds: [] };
    case 'membershipStatus':
      return { type, statuses: ['active'] };
    case 'lastVisit':
      return { type, op: 'notWithinDays', days: 30 };
    case 'visitCount':
      return { type, op: 'gte', value: 5 };
    case 'field': {
      const field = fields[0];
      return field ? { type, fieldId: field.id, op: fieldOps[field.kind][0] } : { type, fieldId: '' };
    }
    case 'createdAt':
      return { type, op: 'withinDays', days: 30 };
    case 'source':
      return { type, sources: ['signup'] };
    case 'subscription':
      return { type, channel: 'emailMarketing', subscribed: false };
    case 'hasAccount':
    case 'isChild':
      return { type, value: true };
  }
}

const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isDays = (v: unknown) => isCount(v) && (v as number) >= 1;
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

/** Whether a draft has every value its type and operator need. */
export function isComplete(r: DraftRule): boolean {
  switch (r.type) {
    case 'tags':
      return nonEmpty(r.tagIds);
    case 'membershipStatus':
      return nonEmpty(r.statuses);
    case 'source':
      return nonEmpty(r.sources);
    case 'lastVisit':
    case 'createdAt':
      if (r.op === 'never') return true;
      return r.op === 'before' || r.op === 'after' ? isDate(r.date) : isDays(r.days);
    case 'visitCount':
      return r.op === 'between' ? isCount(r.min) && isCount(r.max) && (r.min as number) <= (r.max as number) : isCount(r.value);
    case 'field':
      if (!r.fieldId) return false;
      if (['set', 'empty', 'anniversaryToday', 'checked', 'unchecked'].includes(String(r.op))) return true;
      if (r.op === 'textEquals' || r.op === 'textContains') return typeof r.value === 'string' && r.value.trim() !== '';
      if (r.op === 'numberBetween') return isNumber(r.min) && isNumber(r.max) && (r.min as number) <= (r.max as number);
      if (String(r.op).startsWith('number')) return isNumber(r.value);
      if (String(r.op).startsWith('date')) return isDate(r.date);
      return r.op === 'choiceIn' && nonEmpty(r.values);
    default:
      return true;
  }
}

/** Keeps only the keys the rule's operator uses, so the server's strict schema accepts it. */
export function cleanRule(r: DraftRule): Record<string, unknown> {
  const keep = (...keys: string[]) => Object.fromEntries(Object.entries(r).filter(([k]) => ['type', 'op', ...keys].includes(k)));
  switch (r.type) {
    case 'lastVisit':
    case 'createdAt':
      return r.op === 'never' ? keep() : r.op === 'before' || r.op === 'after' ? keep('date') : keep('days');
    case 'visitCount':
      return r.op === 'between' ? keep('min', 'max') : keep('value');
    case 'field': {
      const op = String(r.op);
      if (op === 'numberBetween') return keep('fieldId', 'min', 'max');
      if (op.startsWith('number') || op.startsWith('text')) return keep('fieldId', 'value');
      if (op.startsWith('date')) return keep('fieldId', 'date');
      if (op === 'choiceIn') return keep('fieldId', 'values');
      return keep('fieldId');
    }
    default:
      return { ...r };
  }
}

interface Props {
  rule: DraftRule;
  index: number;
  tags: TagWithCountDto[];
  fields: FieldDto[];
  onChange: (rule: DraftRule) => void;
  onRemove: () => void;
}

/** One rule of the filter builder: its type, operator and values, by type. */
export function RuleRow({ rule, index, tags, fields, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const n = index + 1;
  const set = (patch: Record<string, unknown>) => onChange({ ...rule, ...patch });
  const label = (key: string) => t(`segments.rule.${key}`, { n });
  const opSelect = (ops: string[], key = 'op') => (
    <Select
      label={label('operator')}
      data={ops.map((op) => ({ value: op, label: t(`segments.ops.${rule.type === 'field' ? 'field' : rule.type}.${op}`) }))}
      value={String(rule[key] ?? '')}
      onChange={(v) => v && set({ [key]: v })}
      allowDeselect={false}
      w={{ base: '100%', xs: 220 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
  const dateInput = (key = 'date') => (
    <TextInput type="date" label={label('date')} value={String(rule[key] ?? '')} onChange={(e) => set({ [key]: e.currentTarget.value })} w={{ base: '100%', xs: 170 }} />
  );
  const numberInput = (key: string, text: string, opts: { min?: number; decimals?: boolean } = {}) => (
    <NumberInput
      label={label(text)}
      value={typeof rule[key] === 'number' ? (rule[key] as number) : ''}
      onChange={(v) => set({ [key]: typeof v === 'number' ? v : undefined })}
      min={opts.min}
      allowDecimal={opts.decimals ?? false}
      w={{ base: '100%', xs: 130 }}
    />
  );
  const multi = (key: string, data: { value: string; label: string }[]) => (
    <MultiSelect
      label={label('values')}
      data={data}
      value={(rule[key] as string[] | undefined) ?? []}
      onChange={(v) => set({ [key]: v })}
      w={{ base: '100%', xs: 260 }}
      searchable
      comboboxProps={{ withinPortal: true }}
    />
  );
  const yesNo = (key: string, yes: string, no: string) => (
    <Select
      label={label('value')}
      data={[
        { value: 'true', label: yes },
        { value: 'false', label: no },
      ]}
      value={String(rule[key])}
      onChange={(v) => v && set({ [key]: v === 'true' })}
      allowDeselect={false}
      w={{ base: '100%', xs: 220 }}
      comboboxProps={{ withinPortal: true }}
    />
  );

  const field = fields.find((f) => f.id === rule.fieldId);
  let inputs: ReactNode = null;
  switch (rule.type) {
    case 'tags':
      inputs = (
        <>
          {opSelect(['any', 'all', 'none'])}
          {multi('tagIds', tags.map((tag) => ({ value: tag.id, label: tag.name })))}
        </>
      );
      break;
    case 'membershipStatus':
      inputs = multi('statuses', membershipStatuses.map((s) => ({ value: s, label: t(`segments.membership.${s}`) })));
      break;
    case 'source':
      inputs = multi('sources', sources.map((s) => ({ value: s, label: t(`segments.source.${s}`) })));
      break;
    case 'lastVisit':
    case 'createdAt': {
      const ops = rule.type === 'lastVisit' ? ['notWithinDays', 'withinDays', 'never', 'before', 'after'] : ['withinDays', 'before', 'after'];
      inputs = (
        <>
          {opSelect(ops)}
          {rule.op === 'before' || rule.op === 'after' ? dateInput() : rule.op === 'never' ? null : numberInput('days', 'days', { min: 1 })}
        </>
      );
      break;
    }
    case 'visitCount':
      inputs = (
        <>
          {opSelect(['gte', 'lte', 'eq', 'between'])}
          {rule.op === 'between' ? (
            <>
              {numberInput('min', 'min', { min: 0 })}
              {numberInput('max', 'max', { min: 0 })}
            </>
          ) : (
            numberInput('value', 'number', { min: 0 })
          )}
        </>
      );
      break;
    case 'field': {
      const op = String(rule.op ?? '');
      inputs = (
        <>
          <Select
            label={label('field')}
            data={fields.map((f) => ({ value: f.id, label: f.label }))}
            value={String(rule.fieldId ?? '') || null}
            onChange={(id) => {
              const next = fields.find((f) => f.id === id);
              if (next) onChange({ type: 'field', fieldId: next.id, op: fieldOps[next.kind][0] });
            }}
            allowDeselect={false}
            placeholder={fields.length === 0 ? t('segments.noFields') : undefined}
            w={{ base: '100%', xs: 200 }}
            comboboxProps={{ withinPortal: true }}
          />
          {field ? opSelect(fieldOps[field.kind]) : null}
          {op === 'textEquals' || op === 'textContains' ? (
            <TextInput label={label('text')} value={String(rule.value ?? '')} onChange={(e) => set({ value: e.currentTarget.value })} w={{ base: '100%', xs: 200 }} />
          ) : null}
          {op === 'numberBetween' ? (
            <>
              {numberInput('min', 'min', { decimals: true })}
              {numberInput('max', 'max', { decimals: true })}
            </>
          ) : op.startsWith('number') ? (
            numberInput('value', 'number', { decimals: true })
          ) : null}
          {['dateBefore', 'dateAfter', 'dateOn'].includes(op) ? dateInput() : null}
          {op === 'choiceIn' && field ? multi('values', field.options.map((o) => ({ value: o, label: o }))) : null}
        </>
      );
      break;
    }
    case 'subscription':
      inputs = (
        <>
          <Select
            label={label('channel')}
            data={channels.map((c) => ({ value: c, label: t(`segments.channel.${c}`) }))}
            value={String(rule.channel)}
            onChange={(v) => v && set({ channel: v })}
            allowDeselect={false}
            w={{ base: '100%', xs: 220 }}
            comboboxProps={{ withinPortal: true }}
          />
          {yesNo('subscribed', t('segments.subscribed'), t('segments.unsubscribed'))}
        </>
      );
      break;
    case 'hasAccount':
      inputs = yesNo('value', t('segments.hasAccount'), t('segments.noAccount'));
      break;
    case 'isChild':
      inputs = yesNo('value', t('segments.isChild'), t('segments.notChild'));
      break;
  }

  return (
    <Paper withBorder p="sm" radius="md" data-testid="rule-row">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={label('type')}
          data={ruleTypes.map((type) => ({ value: type, label: t(`segments.types.${type}`) }))}
          value={rule.type}
          onChange={(v) => v && onChange(newRule(v as RuleType, fields))}
          allowDeselect={false}
          w={{ base: '100%', xs: 200 }}
          comboboxProps={{ withinPortal: true }}
        />
        {inputs}
        <ActionIcon variant="subtle" color="red" size="lg" onClick={onRemove} aria-label={label('remove')} mb={2}>
          <span aria-hidden="true">✕</span>
        </ActionIcon>
      </Group>
    </Paper>
  );
}
