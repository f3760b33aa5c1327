import { Checkbox, MultiSelect, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldAnswerDto, FieldValueDto } from './api.ts';

interface Props {
  field: Pick<FieldAnswerDto, 'fieldId' | 'label' | 'kind' | 'options' | 'required'>;
  value: FieldValueDto;
  onChange: (value: FieldValueDto) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** One custom field's input, by kind. Numbers stay text ("38.5") so that nothing is lost to floats. */
export function FieldInput({ field, value, onChange, error, disabled }: Props) {
  const { t } = useTranslation();
  const common = { label: field.label, error, disabled, required: field.required, 'data-testid': `field-${field.fieldId}` };
  switch (field.kind) {
    case 'checkbox':
      return (
        <Checkbox
          label={field.label}
          error={error}
          disabled={disabled}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          data-testid={`field-${field.fieldId}`}
        />
      );
    case 'choice':
      return (
        <Select
          {...common}
          data={field.options}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? null)}
          clearable
          placeholder={t('crm.fields.choose')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'multi_choice':
      return (
        <MultiSelect
          {...common}
          data={field.options}
          value={Array.isArray(value) ? value : []}
          onChange={(v) => onChange(v.length > 0 ? v : null)}
          clearable
          placeholder={Array.isArray(value) && value.length > 0 ? undefined : t('crm.fields.choose')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'date':
      return <TextInput {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
    case 'number':
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value.replace(',', '.') || null)}
        />
      );
    case 'text':
      return <TextInput {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
  }
}
