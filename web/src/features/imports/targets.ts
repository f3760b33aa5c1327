import { useTranslation } from 'react-i18next';
import type { ImportUploadDto } from './api.ts';

export const profileTargets = ['firstName', 'lastName', 'fullName', 'email', 'phone', 'birthDate', 'locale', 'tags'] as const;

/** The label of a mapping target (or of an error's field): a profile field, a custom field, or "ignore". */
export function useTargetLabel(fields: ImportUploadDto['fields']) {
  const { t } = useTranslation();
  return (target: string): string => {
    if (target === 'ignore') return t('imports.targets.ignore');
    if (target.startsWith('field:')) {
      const field = fields.find((f) => `field:${f.id}` === target);
      return field ? field.label : t('imports.targets.customField');
    }
    return t(`imports.targets.${target}`, { defaultValue: target });
  };
}
