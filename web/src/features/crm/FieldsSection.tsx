import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { CrmSection as Section } from './CrmSection.tsx';
import { activityKey } from '../customers/api.ts';
import { AnswersForm } from './AnswersForm.tsx';
import { badgesKey, crmApi, customerFieldsKey } from './api.ts';

/** The studio's custom fields with this customer's answers, edited in place. */
export function FieldsSection({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const answers = useQuery({ queryKey: customerFieldsKey(customerId), queryFn: () => crmApi.answers(customerId), select: (d) => d.items });
  return (
    <Section id="crm-fields" title={t('crm.fields.title')}>
      <QueryState isPending={answers.isPending} error={answers.error} onRetry={() => void answers.refetch()} />
      {answers.data ? (
        <AnswersForm
          answers={answers.data}
          readOnly={!canWrite}
          testId="customer-fields"
          onSave={async (values) => {
            const saved = await crmApi.setAnswers(customerId, values);
            queryClient.setQueryData(customerFieldsKey(customerId), saved);
            void queryClient.invalidateQueries({ queryKey: badgesKey(customerId) });
            void queryClient.invalidateQueries({ queryKey: activityKey(customerId) });
            return saved.items;
          }}
        />
      ) : null}
    </Section>
  );
}
