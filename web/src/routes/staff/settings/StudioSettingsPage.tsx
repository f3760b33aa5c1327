import {
  Button,
  ColorInput,
  FileButton,
  Group,
  Image,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { sessionKey } from '../../../features/identity/api.ts';
import { useStaffSession } from '../session.tsx';
import { studioApi, studioKey, useStudio } from '../../../features/studios/api.ts';
import { TimeZoneSelect } from '../../../features/studios/TimeZoneSelect.tsx';
import { localeNames, locales } from '../../../i18n/index.ts';
import type { StudioDto, UpdateStudio } from '../../../lib/contracts.ts';
import { applyApiError, notifyError, notifySuccess } from '../../../lib/errors.ts';
import { currencyOptions } from '../../../lib/intl.ts';

const logoTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'];
const maxLogoBytes = 1_048_576;
const hex = /^#[0-9a-fA-F]{6}$/;

type Values = Required<Omit<UpdateStudio, 'defaultLocale' | 'marketingSuiteEnabled'>> & { defaultLocale: string };

function valuesOf(s: StudioDto): Values {
  return {
    name: s.name,
    slug: s.slug,
    currency: s.currency,
    timeZone: s.timeZone,
    defaultLocale: s.defaultLocale,
    brandColor: s.brandColor,
    accentColor: s.accentColor,
  };
}

function StudioForm({ studio }: { studio: StudioDto }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const currencies = useMemo(() => currencyOptions(i18n.language), [i18n.language]);
  const form = useForm<Values>({
    initialValues: valuesOf(studio),
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      slug: (v) => (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v.trim()) && v.trim().length >= 3 ? null : t('validation.slug')),
      currency: (v) => (v ? null : t('validation.required')),
      timeZone: (v) => (v ? null : t('validation.required')),
      brandColor: (v) => (hex.test(v) ? null : t('validation.color')),
      accentColor: (v) => (hex.test(v) ? null : t('validation.color')),
    },
  });

  useEffect(() => {
    const values = valuesOf(studio);
    form.setInitialValues(values);
    form.setValues(values);
  }, [studio]);

  const submit = form.onSubmit(async (values) => {
    // Only what changed: a PATCH that leaves the rest alone.
    const initial = valuesOf(studio);
    const body: Record<string, string> = {};
    for (const key of Object.keys(values) as (keyof Values)[]) {
      const value = typeof values[key] === 'string' ? values[key].trim() : values[key];
      if (value !== initial[key]) body[key] = key === 'brandColor' || key === 'accentColor' ? value.toLowerCase() : value;
    }
    if (Object.keys(body).length === 0) return;
    try {
      const saved = await studioApi.update(body as UpdateStudio);
      queryClient.setQueryData(studioKey, saved);
      void queryClient.invalidateQueries({ queryKey: sessionKey });
      notifySuccess(t('common.saved'));
    } catch (error) {
      applyApiError(form, error, t);
    }
  });

  const swatches = ['#5b4bc4', '#1c7ed6', '#0c8599', '#2b8a3e', '#e8590c', '#c2255c', '#862e9c', '#212529'];
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="studio-heading">
      <Title order={2} fz="lg" mb="md" id="studio-heading">
        {t('studio.details')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.studioName')} required {...form.getInputProps('name')} />
            <TextInput
              label={t('fields.slug')}
              description={t('studio.slugHelp', { url: `${window.location.origin}/s/${form.values.slug}` })}
              required
              {...form.getInputProps('slug')}
            />
            <Select label={t('fields.currency')} data={currencies} searchable required limit={60} {...form.getInputProps('currency')} />
            <TimeZoneSelect required {...form.getInputProps('timeZone')} />
            <Select
              label={t('fields.defaultLocale')}
              data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
              allowDeselect={false}
              required
              {...form.getInputProps('defaultLocale')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ColorInput
              label={t('fields.brandColor')}
              description={t('studio.brandColorHelp')}
              format="hex"
              swatches={swatches}
              eyeDropperButtonProps={{ 'aria-label': t('studio.pickColorFromScreen') }}
              {...form.getInputProps('brandColor')}
            />
            <ColorInput
              label={t('fields.accentColor')}
              description={t('studio.accentColorHelp')}
              format="hex"
              swatches={swatches}
              eyeDropperButtonProps={{ 'aria-label': t('studio.pickColorFromScreen') }}
              {...form.getInputProps('accentColor')}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={form.submitting} disabled={!form.isDirty()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function LogoCard({ studio }: { studio: StudioDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<StudioDto>) => {
    setBusy(true);
    try {
      queryClient.setQueryData(studioKey, await action());
      notifySuccess(t('common.saved'));
    } catch (e) {
      notifyError(e, t);
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File | null) => {
    setError(null);
    if (!file) return;
    if (!logoTypes.includes(file.type)) return setError(t('studio.logoType'));
    if (file.size > maxLogoBytes) return setError(t('studio.logoSize'));
    void run(() => studioApi.uploadLogo(file));
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="logo-heading">
      <Title order={2} fz="lg" mb="xs" id="logo-heading">
        {t('studio.logo')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('studio.logoHelp')}
      </Text>
      <Group align="center" gap="lg">
        {studio.logoUrl ? (
          <Image src={studio.logoUrl} alt={t('studio.logoAlt', { name: studio.name })} h={72} w="auto" maw={220} fit="contain" data-testid="studio-logo" />
        ) : (
          <Text c="dimmed" size="sm">
            {t('studio.noLogo')}
          </Text>
        )}
        <Group gap="xs">
          <FileButton onChange={upload} accept={logoTypes.join(',')}>
            {(props) => (
              <Button {...props} variant="light" loading={busy}>
                {studio.logoUrl ? t('studio.replaceLogo') : t('studio.uploadLogo')}
              </Button>
            )}
          </FileButton>
          {studio.logoUrl ? (
            <Button variant="subtle" color="red" disabled={busy} onClick={() => void run(studioApi.deleteLogo)}>
              {t('studio.removeLogo')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {error ? (
        <Text c="red.8" size="sm" mt="sm" role="alert">
          {error}
        </Text>
      ) : null}
    </Paper>
  );
}

/** The marketing suite (group messages to more than 75 customers): an admin's switch. */
function MarketingSuiteCard({ studio }: { studio: StudioDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const isAdmin = useStaffSession().user.role === 'admin';
  const [busy, setBusy] = useState(false);
  const toggle = async (on: boolean) => {
    setBusy(true);
    try {
      queryClient.setQueryData(studioKey, await studioApi.update({ marketingSuiteEnabled: on }));
      notifySuccess(t('common.saved'));
    } catch (e) {
      notifyError(e, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" component="section" aria-labelledby="marketing-heading">
      <Title order={2} fz="lg" mb="xs" id="marketing-heading">
        {t('studioMarketing.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('studioMarketing.description')}
      </Text>
      <Switch
        label={t('studioMarketing.label')}
        description={isAdmin ? undefined : t('studioMarketing.adminOnly')}
        checked={studio.marketingSuiteEnabled}
        disabled={!isAdmin || busy}
        onChange={(e) => void toggle(e.currentTarget.checked)}
      />
    </Paper>
  );
}

export function StudioSettingsPage() {
  const { t } = useTranslation();
  const studio = useStudio();
  return (
    <>
      <PageHeader title={t('studio.title')} description={t('studio.description')} />
      {studio.data ? (
        <Stack gap="lg" maw={900}>
          <StudioForm studio={studio.data} />
          <LogoCard studio={studio.data} />
          <MarketingSuiteCard studio={studio.data} />
        </Stack>
      ) : (
        <QueryState isPending={studio.isPending} error={studio.error} onRetry={() => void studio.refetch()} />
      )}
    </>
  );
}
