import { Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { countSegments } from '../../../../../src/platform/sms/segments.ts';

/** What a text costs as an SMS, as typed: "2 segments (GSM-7) · 180 characters". */
export function SegmentCount({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const count = countSegments(text);
  return (
    <Text size="xs" c="dimmed" data-testid={testId} aria-live="polite">
      {t('messageTemplates.sms.segments', { count: count.segments, encoding: count.encoding })} ·{' '}
      {t('messageTemplates.sms.characters', { count: count.characters })}
    </Text>
  );
}

/**
 * The SMS text of a template that may go by SMS, edited apart from the email body: plain text
 * with variables. Empty: the SMS is the body's text (shown as the placeholder).
 */
export function SmsTextField({ value, onChange, bodyText, error }: { value: string; onChange: (v: string) => void; bodyText: string; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div>
      <Textarea
        label={t('messageTemplates.sms.label')}
        description={t('messageTemplates.sms.help')}
        placeholder={bodyText}
        value={value}
        error={error}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={1600}
        onChange={(e) => onChange(e.currentTarget.value)}
        data-testid="sms-text"
      />
      <SegmentCount text={value.trim() === '' ? bodyText : value} testId="sms-segments" />
    </div>
  );
}
