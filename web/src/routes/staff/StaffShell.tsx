import { AppShell, Avatar, Burger, Group, Image, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useApplyBrand } from '../../app/brand.tsx';
import { can } from '../../app/permissions.ts';
import {
  IconBuilding,
  IconCalendar,
  IconCheck,
  IconHome,
  IconIdBadge,
  IconKey,
  IconLogout,
  IconGift,
  IconInbox,
  IconMegaphone,
  IconPhone,
  IconSend,
  IconTemplate,
  IconMapPin,
  IconPlus,
  IconUsers,
  IconWorld,
} from '../../app/ui/icons.tsx';
import { LanguageSwitch } from '../../app/ui/LanguageSwitch.tsx';
import { authApi, sessionKey } from '../../features/identity/api.ts';
import { useStudio } from '../../features/studios/api.ts';
import type { UiLocale } from '../../i18n/index.ts';
import { notifyError } from '../../lib/errors.ts';
import { fullName } from '../../lib/format.ts';
import { IconForm, IconTag } from '../../features/crm/icons.tsx';
import { useStaffSession } from './session.tsx';

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  allowed: boolean;
}

/** The dashboard frame: header with studio, language and account; navigation for what the role may use. */
export function StaffShell() {
  const { t } = useTranslation();
  const session = useStaffSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below `sm` the collapsed navbar is only moved off-screen: make it unreachable by keyboard too.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const studio = useStudio(can(session, 'studio:read'));
  useApplyBrand(studio.data);

  // On a phone the navigation closes once a destination is chosen.
  useEffect(() => close(), [location.pathname, close]);

  const main: NavItem[] = [
    { to: '/', label: t('nav.dashboard'), icon: <IconHome />, allowed: true },
    { to: '/schedule', label: t('schedule.nav'), icon: <IconCalendar />, allowed: can(session, 'schedule:read') },
    { to: '/customers', label: t('nav.customers'), icon: <IconUsers />, allowed: can(session, 'customers:read') },
    { to: '/pos', label: t('pos.nav'), icon: <IconPlus />, allowed: can(session, 'commerce:sell') },
    { to: '/sales', label: t('sales.nav'), icon: <IconCheck />, allowed: can(session, 'commerce:read') },
    { to: '/inbox', label: t('inbox.nav'), icon: <IconInbox />, allowed: can(session, 'messages:inbox') },
    { to: '/messages', label: t('nav.messages'), icon: <IconSend />, allowed: can(session, 'messages:read') },
    { to: '/messages/sends', label: t('groupSends.nav'), icon: <IconMegaphone />, allowed: can(session, 'messages:send') },
  ];
  const settings: NavItem[] = [
    { to: '/settings/studio', label: t('nav.studio'), icon: <IconBuilding />, allowed: can(session, 'studio:write') },
    { to: '/settings/locations', label: t('nav.locations'), icon: <IconMapPin />, allowed: can(session, 'locations:read') },
    { to: '/settings/class-templates', label: t('classTemplates.nav'), icon: <IconCalendar />, allowed: can(session, 'schedule:read') },
    { to: '/settings/teachers', label: t('teachers.nav'), icon: <IconIdBadge />, allowed: can(session, 'schedule:read') },
    { to: '/settings/plans', label: t('plans.nav'), icon: <IconIdBadge />, allowed: can(session, 'memberships:read') },
    { to: '/settings/products', label: t('products.nav'), icon: <IconTag />, allowed: can(session, 'commerce:read') },
    { to: '/settings/gift-cards', label: t('giftCards.nav'), icon: <IconGift />, allowed: can(session, 'commerce:read') },
    { to: '/settings/discount-codes', label: t('discountCodes.nav'), icon: <IconTag />, allowed: can(session, 'commerce:read') },
    { to: '/settings/payments', label: t('paymentSettings.nav'), icon: <IconKey />, allowed: can(session, 'payments:settings') },
    { to: '/settings/cancellation-policy', label: t('bookingStaff.nav.policy'), icon: <IconCalendar />, allowed: can(session, 'booking:settings') },
    { to: '/settings/penalty-rules', label: t('bookingStaff.nav.penalties'), icon: <IconTag />, allowed: can(session, 'booking:settings') },
    { to: '/settings/staff', label: t('nav.staff'), icon: <IconIdBadge />, allowed: can(session, 'staff:read') },
    { to: '/settings/api-keys', label: t('nav.apiKeys'), icon: <IconKey />, allowed: can(session, 'api_keys:manage') },
    { to: '/settings/referrals', label: t('family.settings.nav'), icon: <IconUsers />, allowed: can(session, 'customers:settings') },
    { to: '/settings/waivers', label: t('waivers.nav'), icon: <IconCheck />, allowed: can(session, 'waivers:manage') },
    { to: '/settings/message-templates', label: t('messageTemplates.nav'), icon: <IconTemplate />, allowed: can(session, 'messages:templates') },
    { to: '/settings/sms', label: t('smsSettings.nav'), icon: <IconPhone />, allowed: can(session, 'messages:settings') },
    { to: '/settings/custom-fields', label: t('crm.nav.fields'), icon: <IconForm />, allowed: can(session, 'customers:settings') },
    { to: '/settings/tags', label: t('crm.nav.tags'), icon: <IconTag />, allowed: can(session, 'customers:settings') },
    { to: '/settings/online-classes', label: t('video.nav'), icon: <IconWorld />, allowed: can(session, 'schedule:settings') },
    { to: '/settings/calendar-feeds', label: t('calendarFeeds.nav'), icon: <IconCalendar />, allowed: can(session, 'schedule:read') },
    { to: '/settings/website', label: t('embed.nav'), icon: <IconWorld />, allowed: can(session, 'schedule:settings') },
  ].filter((item) => item.allowed);

  // The deepest matching entry wins: on /messages/sends only "Group sends" is current, not "Sent messages" too.
  const under = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname === to || location.pathname.startsWith(`${to}/`));
  const current = [...main, ...settings].filter((item) => item.allowed && under(item.to)).sort((a, b) => b.to.length - a.to.length)[0]?.to;
  const isActive = (to: string) => to === current;
  const link = (item: NavItem) => (
    <NavLink
      key={item.to}
      component={Link}
      to={item.to}
      label={item.label}
      leftSection={item.icon}
      active={isActive(item.to)}
      aria-current={isActive(item.to) ? 'page' : undefined}
      variant="light"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );

  const onLocaleChange = (locale: UiLocale) => {
    authApi
      .changeLocale(locale)
      .then(() => {
        queryClient.setQueryData(sessionKey, { ...session, user: { ...session.user, locale } });
      })
      .catch((error: unknown) => notifyError(error, t));
  };

  const signOut = async () => {
    try {
      await authApi.logout();
    } catch {
      // signed out already, or the server is gone: either way leave
    }
    queryClient.clear();
    queryClient.setQueryData(sessionKey, null);
    void navigate('/login', { replace: true });
  };

  const studioName = studio.data?.name ?? session.studio.name;
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={opened}
              aria-controls="staff-navbar"
            />
            <UnstyledButton component={Link} to="/" aria-label={`${studioName} – ${t('nav.dashboard')}`} style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="nowrap">
                {studio.data?.logoUrl ? (
                  <Image src={studio.data.logoUrl} alt="" h={36} w="auto" maw={120} fit="contain" />
                ) : null}
                <Text fw={700} fz="lg" truncate="end" c="brand.9" data-testid="header-studio-name">
                  {studioName}
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap={4} wrap="nowrap">
            <LanguageSwitch onChange={onLocaleChange} />
            <Menu position="bottom-end" shadow="md" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('nav.account', { name: fullName(session.user) })} data-testid="user-menu">
                  <Avatar color="brand" radius="xl" size={34}>
                    {(session.user.firstName[0] ?? '') + (session.user.lastName[0] ?? '')}
                  </Avatar>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {fullName(session.user)}
                  <br />
                  {session.user.email}
                </Menu.Label>
                <Menu.Item leftSection={<IconLogout />} onClick={() => void signOut()}>
                  {t('auth.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="staff-navbar" aria-label={t('nav.label')} inert={phone && !opened}>
        <AppShell.Section grow component={ScrollArea}>
          {main.filter((i) => i.allowed).map(link)}
          {settings.length > 0 ? (
            <>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="lg" mb={4} px="sm" id="nav-settings">
                {t('nav.settings')}
              </Text>
              <div role="group" aria-labelledby="nav-settings">
                {settings.map(link)}
              </div>
            </>
          ) : null}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
