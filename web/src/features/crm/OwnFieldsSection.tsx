import { Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { CrmSection as Section } from './CrmSection.tsx';
import { AnswersForm } from './AnswersForm.tsx';
import { myFieldsApi, myFieldsKey } from './api.ts';

/** On the customer's account page: their answers to the fields the studio lets them edit. */
export function OwnFieldsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const answers = useQuery({ queryKey: myFieldsKey(slug), queryFn: () => myFieldsApi.answers(slug), select: (d) => d.items });
  // A studio without customer-editable fields shows nothing here.
  if (answers.data && answers.data.length === 0) return null;
  return (
    <Section id="crm-own-fields" title={t('crm.account.title')} public>
      <Text size="sm" c="dimmed" mb="sm">
        {t('crm.account.intro')}
      </Text>
      <QueryState isPending={answers.isPending} error={answers.error} onRetry={() => void answers.refetch()} />
      {answers.data ? (
        <AnswersForm
          answers={answers.data}
          testId="own-fields"
          onSave={async (values) => {
            const saved = await myFieldsApi.save(slug, values);
            queryClient.setQueryData(myFieldsKey(slug), saved);
            return saved.items;
          }}
        />
      ) : null}
    </Section>
  );
}
