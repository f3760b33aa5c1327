import { Button, CopyButton, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconCopy } from '../../app/ui/icons.tsx';

/** The shareable sign-up link, selectable and with a copy button. */
export function ReferralLink({ link, label }: { link: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <TextInput
        label={label}
        value={link}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        style={{ flex: '1 1 16rem', minWidth: 0 }}
        data-testid="referral-link"
      />
      <CopyButton value={link}>
        {({ copied, copy }) => (
          <Button variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck /> : <IconCopy />} onClick={copy}>
            {copied ? t('common.copied') : t('family.referrals.copyLink')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
