import { Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../lib/errors.ts';
import type { FieldAnswerDto, FieldValueDto } from './api.ts';
import { answerErrors, notifyCrmError } from './errors.ts';
import { FieldInput } from './FieldInput.tsx';

const same = (a: FieldValueDto, b: FieldValueDto) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

interface Props {
  answers: FieldAnswerDto[];
  /** Saves the changed answers and returns the answers as stored. */
  onSave: (values: Record<string, FieldValueDto>) => Promise<FieldAnswerDto[]>;
  readOnly?: boolean;
  testId?: string;
}

/** A customer's answers, edited in place: only the answers that changed are sent. */
export function AnswersForm({ answers, onSave, readOnly = false, testId }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, FieldValueDto>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setValues(Object.fromEntries(answers.map((a) => [a.fieldId, a.value])));
  }, [answers]);

  const changed = Object.fromEntries(
    answers.filter((a) => a.fieldId in values && !same(values[a.fieldId] ?? null, a.value)).map((a) => [a.fieldId, values[a.fieldId] ?? null]),
  );
  const dirty = Object.keys(changed).length > 0;

  // The server's field messages are in English: say the same in the UI language, from the field's kind.
  const translated = (byField: Record<string, string>) =>
    Object.fromEntries(
      Object.keys(byField).map((fieldId) => {
        const answer = answers.find((a) => a.fieldId === fieldId);
        const value = values[fieldId] ?? null;
        const empty = value === null || value === false || (Array.isArray(value) && value.length === 0);
        const message = !answer ? t('crm.errors.field_not_found') : empty && answer.required ? t('crm.answerErrors.requiredAnswer') : t(`crm.answerErrors.${answer.kind}`);
        return [fieldId, message];
      }),
    );

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      await onSave(changed);
      notifySuccess(t('common.saved'));
    } catch (error) {
      const byField = answerErrors(error);
      if (Object.keys(byField).length > 0) setErrors(translated(byField));
      else notifyCrmError(error, t);
    } finally {
      setSaving(false);
    }
  };

  if (answers.length === 0) return <Text c="dimmed">{t('crm.fields.empty')}</Text>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
      data-testid={testId}
    >
      <Stack gap="sm">
        {answers.map((a) => (
          <FieldInput
            key={a.fieldId}
            field={a}
            value={values[a.fieldId] ?? null}
            onChange={(v) => setValues((current) => ({ ...current, [a.fieldId]: v }))}
            error={errors[a.fieldId]}
            disabled={readOnly}
          />
        ))}
        {readOnly ? null : (
          <Group justify="flex-end">
            <Button type="submit" loading={saving} disabled={!dirty}>
              {t('crm.fields.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
