import { Box, Container, Group, Paper, Text } from '@mantine/core';
import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../../app/ui/LanguageSwitch.tsx';

/** Sign-in, password reset and invitation pages: a centred card, no navigation. */
export function AuthLayout() {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="space-between" px="md" py="sm" component="header">
        <Text fw={800} fz="xl" c="brand.8">
          {t('app.name')}
        </Text>
        <LanguageSwitch />
      </Group>
      <Container size={440} px="md" py={{ base: 'md', sm: 48 }} component="main">
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
          <Outlet />
        </Paper>
      </Container>
    </Box>
  );
}
