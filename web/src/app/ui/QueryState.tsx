import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { PageLoader } from './PageLoader.tsx';

interface Props {
  isPending: boolean;
  error: unknown;
  onRetry?: () => void;
}

/** The loading and error states of a query, so pages only render the happy path themselves. */
export function QueryState({ isPending, error, onRetry }: Props) {
  const { t } = useTranslation();
  if (error) {
    return (
      <Alert color="red" title={t('errors.title')} role="alert">
        {errorMessage(error, t)}
        {onRetry ? (
          <Button variant="light" color="red" size="xs" mt="sm" display="block" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Alert>
    );
  }
  if (isPending) return <PageLoader />;
  return null;
}
