import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Grid,
  Group,
  Modal,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { IconArrowLeft } from '../../../app/ui/icons.tsx';
import { notifyError } from '../../../lib/errors.ts';
import { formatInZone, fullName } from '../../../lib/format.ts';
import { useStaffSession } from '../../../routes/staff/session.tsx';
import { segmentsApi, segmentsKey } from '../../segments/api.ts';
import { useLocations, useStudio } from '../../studios/api.ts';
import { inboxApi, inboxTabsKey, threadKey, threadsKey, type ThreadDetail, type ThreadDto, type ThreadFilters } from './api.ts';
import { ChannelIcon, IconGear } from './icons.tsx';

type Channel = 'email' | 'sms' | 'in_app';

/** The location a staff member pre-filtered their inbox to, kept in this browser per staff member. */
function useRememberedLocation(userId: string): [string | null, (v: string | null) => void] {
  const storageKey = `enso.inbox.location.${userId}`;
  const [value, setValue] = useState<string | null>(() => window.localStorage.getItem(storageKey));
  const set = (v: string | null) => {
    setValue(v);
    if (v) window.localStorage.setItem(storageKey, v);
    else window.localStorage.removeItem(storageKey);
  };
  return [value, set];
}

/** Home › Inbox: one conversation per customer, segment tabs, filters, and replies by email, SMS or in-app. */
export function InboxPage() {
  const { t } = useTranslation();
  const session = useStaffSession();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  const select = (id: string | null) => setParams(id ? { c: id } : {});
  const [location, setLocation] = useRememberedLocation(session.user.id);
  const [filters, setFilters] = useState<Omit<ThreadFilters, 'location'>>({ unread: false, unreplied: false, category: null, segment: null, sort: 'newest' });
  const full: ThreadFilters = { ...filters, location };
  const studio = useStudio();
  const timeZone = studio.data?.timeZone;

  const showList = !phone || !selected;
  const showThread = !phone || Boolean(selected);
  return (
    <Stack gap="sm">
      <PageHeader title={t('inbox.title')} />
      <SegmentTabs value={filters.segment} onChange={(segment) => setFilters({ ...filters, segment })} />
      <Group gap="md" wrap="wrap" align="flex-end">
        <Checkbox label={t('inbox.filters.unread')} checked={filters.unread} onChange={(e) => setFilters({ ...filters, unread: e.currentTarget.checked })} />
        <Checkbox label={t('inbox.filters.unreplied')} checked={filters.unreplied} onChange={(e) => setFilters({ ...filters, unreplied: e.currentTarget.checked })} />
        <Select
          label={t('inbox.filters.category')}
          w={170}
          value={filters.category ?? 'all'}
          onChange={(v) => setFilters({ ...filters, category: v === 'manual' || v === 'transactional' || v === 'sequence' ? v : null })}
          data={['all', 'manual', 'transactional', 'sequence'].map((v) => ({ value: v, label: t(`inbox.category.${v}`) }))}
          allowDeselect={false}
        />
        <Select
          label={t('inbox.filters.sort')}
          w={160}
          value={filters.sort}
          onChange={(v) => setFilters({ ...filters, sort: v === 'oldest' ? 'oldest' : 'newest' })}
          data={[
            { value: 'newest', label: t('inbox.sort.newest') },
            { value: 'oldest', label: t('inbox.sort.oldest') },
          ]}
          allowDeselect={false}
        />
        <LocationFilter value={location} onChange={setLocation} />
      </Group>
      <Grid gap="md">
        {showList ? (
          <Grid.Col span={{ base: 12, sm: 5, lg: 4 }}>
            <ThreadList filters={full} selected={selected} onSelect={select} timeZone={timeZone} />
          </Grid.Col>
        ) : null}
        {showThread ? (
          <Grid.Col span={{ base: 12, sm: 7, lg: 8 }}>
            {selected ? (
              <ThreadView customerId={selected} onBack={phone ? () => select(null) : undefined} timeZone={timeZone} />
            ) : (
              <Paper withBorder radius="lg" p="xl">
                <Text c="dimmed">{t('inbox.pickThread')}</Text>
              </Paper>
            )}
          </Grid.Col>
        ) : null}
      </Grid>
    </Stack>
  );
}

function LocationFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const locations = useLocations();
  if (!locations.data || locations.data.length < 2) return null;
  return (
    <Select
      label={t('inbox.filters.location')}
      w={200}
      value={value ?? 'all'}
      onChange={(v) => onChange(!v || v === 'all' ? null : v)}
      data={[{ value: 'all', label: t('inbox.allLocations') }, ...locations.data.map((l) => ({ value: l.id, label: l.name }))]}
      allowDeselect={false}
    />
  );
}

/** "All" and the staff member's segment tabs; the gear opens the tab settings (choose, drag to reorder). */
function SegmentTabs({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const tabs = useQuery({ queryKey: inboxTabsKey, queryFn: inboxApi.tabs });
  const segments = useQuery({ queryKey: segmentsKey, queryFn: segmentsApi.list });
  const [editing, setEditing] = useState(false);
  const byId = new Map((segments.data?.items ?? []).map((s) => [s.id, s]));
  const shown = (tabs.data?.segmentIds ?? []).filter((id) => byId.has(id));
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <ScrollArea type="auto" style={{ flex: 1 }}>
        <Tabs value={value ?? 'all'} onChange={(v) => onChange(!v || v === 'all' ? null : v)} variant="pills">
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            <Tabs.Tab value="all">{t('inbox.allCustomers')}</Tabs.Tab>
            {shown.map((id) => (
              <Tabs.Tab key={id} value={id}>
                {byId.get(id)?.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </ScrollArea>
      <ActionIcon variant="subtle" size="lg" aria-label={t('inbox.tabs.edit')} onClick={() => setEditing(true)}>
        <IconGear size={18} />
      </ActionIcon>
      {editing ? (
        <TabsEditor
          initial={shown}
          segments={(segments.data?.items ?? []).map((s) => ({ id: s.id, name: s.name }))}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </Group>
  );
}

function TabsEditor({ initial, segments, onClose }: { initial: string[]; segments: { id: string; name: string }[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [order, setOrder] = useState<string[]>(() => [...initial, ...segments.map((s) => s.id).filter((id) => !initial.includes(id))]);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial));
  const [dragging, setDragging] = useState<string | null>(null);
  const names = new Map(segments.map((s) => [s.id, s.name]));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    setOrder(next);
  };
  const save = useMutation({
    mutationFn: () => inboxApi.saveTabs(order.filter((id) => chosen.has(id))),
    onSuccess: (data) => {
      queryClient.setQueryData(inboxTabsKey, data);
      onClose();
    },
    onError: (error) => notifyError(error, t),
  });
  return (
    <Modal opened onClose={onClose} title={t('inbox.tabs.title')}>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {t('inbox.tabs.help')}
        </Text>
        {order.length === 0 ? <Text c="dimmed">{t('inbox.tabs.noSegments')}</Text> : null}
        {order.map((id, i) => (
          <Group
            key={id}
            justify="space-between"
            wrap="nowrap"
            draggable
            onDragStart={() => setDragging(id)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              if (dragging) move(order.indexOf(dragging), i);
              setDragging(null);
            }}
            style={{ cursor: 'grab', padding: 4, borderRadius: 8, background: dragging === id ? 'var(--mantine-color-gray-1)' : undefined }}
            data-testid="inbox-tab-row"
          >
            <Checkbox
              label={names.get(id)}
              checked={chosen.has(id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.currentTarget.checked) next.add(id);
                else next.delete(id);
                setChosen(next);
              }}
            />
            <Group gap={4} wrap="nowrap">
              <ActionIcon variant="subtle" aria-label={t('inbox.tabs.up', { name: names.get(id) })} disabled={i === 0} onClick={() => move(i, i - 1)}>
                ↑
              </ActionIcon>
              <ActionIcon variant="subtle" aria-label={t('inbox.tabs.down', { name: names.get(id) })} disabled={i === order.length - 1} onClick={() => move(i, i + 1)}>
                ↓
              </ActionIcon>
            </Group>
          </Group>
        ))}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={save.isPending} onClick={() => save.mutate()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ThreadList({ filters, selected, onSelect, timeZone }: { filters: ThreadFilters; selected: string | null; onSelect: (id: string) => void; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const threads = useInfiniteQuery({
    queryKey: threadsKey(filters),
    queryFn: ({ pageParam }) => inboxApi.threads(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = threads.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder radius="lg" p="xs" component="section" aria-label={t('inbox.threads')}>
      <QueryState isPending={threads.isPending} error={threads.error} onRetry={() => void threads.refetch()} />
      {threads.data && items.length === 0 ? (
        <Text c="dimmed" p="md">
          {t('inbox.empty')}
        </Text>
      ) : null}
      <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((thread) => (
          <li key={thread.customerId}>
            <ThreadRow thread={thread} active={thread.customerId === selected} onSelect={onSelect} timeZone={timeZone} />
          </li>
        ))}
      </Stack>
      {threads.hasNextPage ? (
        <Button variant="subtle" fullWidth mt="xs" loading={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
          {t('inbox.more')}
        </Button>
      ) : null}
    </Paper>
  );
}

function ThreadRow({ thread, active, onSelect, timeZone }: { thread: ThreadDto; active: boolean; onSelect: (id: string) => void; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const unread = thread.unreadCount > 0;
  return (
    <UnstyledButton
      onClick={() => onSelect(thread.customerId)}
      aria-current={active ? 'true' : undefined}
      data-testid="inbox-thread"
      w="100%"
      p="sm"
      style={{ borderRadius: 8, background: active ? 'var(--mantine-color-brand-light)' : undefined }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <ChannelIcon channel={thread.lastChannel} label={t(`inbox.channel.${thread.lastChannel}`)} />
          <Text fw={unread ? 700 : 500} truncate="end">
            {fullName(thread)}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          {unread ? (
            <Badge color="red.8" size="sm" circle aria-label={t('inbox.unreadCount', { count: thread.unreadCount })} data-testid="inbox-unread">
              {thread.unreadCount}
            </Badge>
          ) : null}
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatInZone(thread.lastMessageAt, timeZone, { dateStyle: 'short', timeStyle: 'short' })}
          </Text>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" lineClamp={2} className="enso-break">
        {thread.lastPreview}
      </Text>
    </UnstyledButton>
  );
}

function ThreadView({ customerId, onBack, timeZone }: { customerId: string; onBack: (() => void) | undefined; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: threadKey(customerId), queryFn: () => inboxApi.thread(customerId) });
  const unread = detail.data?.thread?.unreadCount ?? 0;
  useEffect(() => {
    if (unread === 0) return;
    void inboxApi.markRead(customerId).then(() => queryClient.invalidateQueries({ queryKey: ['inbox', 'threads'] }));
  }, [customerId, unread, queryClient]);

  return (
    <Stack gap="sm">
      {onBack ? (
        <Button variant="subtle" leftSection={<IconArrowLeft />} onClick={onBack} w="fit-content">
          {t('inbox.back')}
        </Button>
      ) : null}
      <QueryState isPending={detail.isPending} error={detail.error} onRetry={() => void detail.refetch()} />
      {detail.data ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }} order={{ base: 2, lg: 1 }}>
            <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="inbox-thread-heading">
              <Title order={2} fz="lg" mb="sm" id="inbox-thread-heading">
                {fullName(detail.data.customer)}
              </Title>
              <Messages detail={detail.data} timeZone={timeZone} />
              <ReplyBox detail={detail.data} />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }} order={{ base: 1, lg: 2 }}>
            <ProfileSummary detail={detail.data} />
          </Grid.Col>
        </Grid>
      ) : null}
    </Stack>
  );
}

function Messages({ detail, timeZone }: { detail: ThreadDetail; timeZone: string | undefined }) {
  const { t } = useTranslation();
  if (detail.items.length === 0) return <Text c="dimmed">{t('inbox.noMessages')}</Text>;
  return (
    <Stack gap="xs" mb="md" data-testid="inbox-messages">
      {detail.items.map((m) => {
        const mine = m.direction === 'out';
        return (
          <Box
            key={m.id}
            p="sm"
            maw="85%"
            style={{
              alignSelf: mine ? 'flex-end' : 'flex-start',
              borderRadius: 12,
              background: mine ? 'var(--mantine-color-brand-light)' : 'var(--mantine-color-gray-1)',
            }}
            data-testid="inbox-message"
            data-direction={m.direction}
          >
            <Group gap={6} mb={4} wrap="nowrap">
              <ChannelIcon channel={m.channel} label={t(`inbox.channel.${m.channel}`)} />
              <Text size="xs" c="dimmed">
                {t(`inbox.channel.${m.channel}`)}
                {' · '}
                {formatInZone(m.at, timeZone, { dateStyle: 'medium', timeStyle: 'short' })}
                {' · '}
                {t(`inbox.category.${m.category}`)}
                {m.status && m.status !== 'sent' ? ` · ${t(`inbox.status.${m.status}`, { defaultValue: m.status })}` : ''}
              </Text>
            </Group>
            {m.subject && m.channel === 'email' ? (
              <Text fw={600} size="sm" className="enso-break">
                {m.subject}
              </Text>
            ) : null}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="enso-break">
              {m.text}
            </Text>
          </Box>
        );
      })}
    </Stack>
  );
}

function ReplyBox({ detail }: { detail: ThreadDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { customer } = detail;
  // Answer the way the customer last wrote: an SMS by SMS, an in-app reply in-app.
  const initial: Channel =
    detail.thread?.lastChannel === 'in_app' ? 'in_app' : detail.thread?.lastChannel === 'sms' && customer.phone ? 'sms' : customer.email ? 'email' : customer.phone ? 'sms' : 'in_app';
  const [channel, setChannel] = useState<Channel>(initial);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const missing = (channel === 'email' && !customer.email) || (channel === 'sms' && !customer.phone);
  const send = useMutation({
    mutationFn: () => inboxApi.reply(customer.id, { channel, text, ...(channel === 'email' && subject.trim() ? { subject: subject.trim() } : {}) }),
    onSuccess: async (sent) => {
      setText('');
      setSubject('');
      // Past the month's SMS allowance the reply went by email: say so.
      if (channel === 'sms' && sent.channel === 'email') notifications.show({ color: 'yellow', message: t('inbox.reply.sentAsEmail') });
      await queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (error) => notifyError(error, t),
  });
  const channels = useMemo(
    () => (['email', 'sms', 'in_app'] as const).map((c) => ({ value: c, label: t(`inbox.channel.${c}`) })),
    [t],
  );
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() && !missing) send.mutate();
      }}
      aria-label={t('inbox.reply.title')}
    >
      <SegmentedControl value={channel} onChange={(v) => setChannel(v as Channel)} data={channels} aria-label={t('inbox.reply.channel')} />
      {missing ? (
        <Text size="sm" c="red.8">
          {channel === 'email' ? t('inbox.reply.noEmail') : t('inbox.reply.noPhone')}
        </Text>
      ) : null}
      {channel === 'email' ? <TextInput label={t('inbox.reply.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={200} /> : null}
      <Textarea label={t('inbox.reply.message')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={3} maxLength={5000} required />
      <Group justify="flex-end">
        <Button type="submit" loading={send.isPending} disabled={!text.trim() || missing}>
          {t('inbox.reply.send')}
        </Button>
      </Group>
    </Stack>
  );
}

function ProfileSummary({ detail }: { detail: ThreadDetail }) {
  const { t } = useTranslation();
  const c = detail.customer;
  const subs = [
    ['emailTransactional', c.subscriptions.emailTransactional],
    ['emailMarketing', c.subscriptions.emailMarketing],
    ['sms', c.subscriptions.sms],
    ['smsMarketing', c.subscriptions.smsMarketing],
  ] as const;
  return (
    <Paper withBorder radius="lg" p="md" component="aside" aria-labelledby="inbox-profile-heading">
      <Title order={2} fz="md" mb="xs" id="inbox-profile-heading">
        {t('inbox.profile.title')}
      </Title>
      <Stack gap={6}>
        <Anchor component={Link} to={`/customers/${c.id}`} fw={600} className="enso-break">
          {fullName(c)}
        </Anchor>
        <Text size="sm" className="enso-break">
          {c.email ?? t('inbox.profile.noEmail')}
        </Text>
        <Text size="sm">{c.phone ?? t('inbox.profile.noPhone')}</Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('inbox.profile.membership')}
          </Text>
          <Badge variant="filled" color={c.membershipStatus === 'active' ? 'green.9' : 'gray.7'}>
            {t(`inbox.membership.${c.membershipStatus}`)}
          </Badge>
        </Group>
        <Text size="sm">{t('inbox.profile.visits', { count: c.visitCount })}</Text>
        <Text size="sm" c="dimmed" mt={4}>
          {t('inbox.profile.subscriptions')}
        </Text>
        <Group gap={4}>
          {subs.map(([key, on]) => (
            <Badge key={key} variant="filled" color={on ? 'green.9' : 'red.9'} size="sm">
              {t(`inbox.subscription.${key}`)}: {on ? t('inbox.subscription.on') : t('inbox.subscription.off')}
            </Badge>
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}
