import { Box, Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLocale, currentLocale, localeNames, locales, type UiLocale } from '../../i18n/index.ts';
import { IconChevronDown, IconWorld } from './icons.tsx';

interface Props {
  /** Called after the UI switched, e.g. to save the choice on the account. */
  onChange?: (locale: UiLocale) => void;
  /** On a coloured header the button uses white text. */
  inverted?: boolean;
}

export function LanguageSwitch({ onChange, inverted }: Props) {
  const { t, i18n } = useTranslation();
  const current = i18n.language === currentLocale() ? currentLocale() : 'en';
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color={inverted ? 'white' : 'gray'}
          c={inverted ? 'white' : 'dark'}
          size="compact-md"
          px={6}
          leftSection={<IconWorld />}
          rightSection={<IconChevronDown size={14} />}
          aria-label={`${t('common.labelColon', { label: t('language.label') })} ${localeNames[current]} (${current.toUpperCase()})`}
          data-testid="language-switch"
        >
          {/* A phone shows the code only, so the studio name keeps its room in the header. */}
          <Box component="span" lang={current} visibleFrom="sm">
            {localeNames[current]}
          </Box>
          <Box component="span" lang={current} hiddenFrom="sm">
            {current.toUpperCase()}
          </Box>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {locales.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            aria-current={locale === current ? 'true' : undefined}
            fw={locale === current ? 700 : undefined}
            onClick={() => {
              void changeLocale(locale, true).then(() => onChange?.(locale));
            }}
          >
            {localeNames[locale]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
