import { Alert, Anchor, Badge, Button, Grid, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { IconArrowLeft, IconCopy } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { isApiError } from '../../../lib/api.ts';
import { notifyError, notifySuccess } from '../../../lib/errors.ts';
import {
  messageTemplateKey,
  messageTemplatesApi,
  messageTemplatesKey,
  type Block,
  type TemplateDetailDto,
  type TemplateLocale,
  type TemplatePreviewDto,
  type TemplateVariableDto,
  type UnknownVariableDto,
} from './api.ts';
import { BlockEditor } from './BlockEditor.tsx';
import { ChannelsPanel } from './ChannelsPanel.tsx';
import { SegmentCount, SmsTextField } from './SmsTextField.tsx';

const token = (name: string) => `##{{${name}}}`;

/** The allowed variables, each a button that copies `##{{name}}`. */
function VariablesPanel({ variables }: { variables: TemplateVariableDto[] }) {
  const { t } = useTranslation();
  const ui = currentLocale();
  const copy = async (name: string) => {
    try {
      await navigator.clipboard.writeText(token(name));
      notifySuccess(t('messageTemplates.copied', { token: token(name) }));
    } catch {
      notifySuccess(t('messageTemplates.copyFailed', { token: token(name) }));
    }
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="lg" mb={4}>
        {t('messageTemplates.variables')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('messageTemplates.variablesHelp')}
      </Text>
      <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none', maxHeight: 320, overflowY: 'auto' }} aria-label={t('messageTemplates.variables')} tabIndex={0}>
        {variables.map((v) => (
          <li key={v.name}>
            <Tooltip label={t('messageTemplates.sample', { sample: v.sample })} multiline maw={320} openDelay={300}>
              <UnstyledButton onClick={() => void copy(v.name)} data-testid={`variable-${v.name}`} aria-label={`${token(v.name)} — ${v.description[ui]}`}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <span style={{ flexShrink: 0, display: 'inline-flex', paddingTop: 2 }}>
                    <IconCopy />
                  </span>
                  <div style={{ minWidth: 0 }}>
                    <Text ff="monospace" size="sm" fw={600} className="enso-break">
                      {token(v.name)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {v.description[ui]}
                    </Text>
                  </div>
                </Group>
              </UnstyledButton>
            </Tooltip>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}

/** The email as sent, with sample values, redrawn a moment after each edit. */
function Preview({ templateKey, locale, subject, blocks, smsText }: { templateKey: string; locale: TemplateLocale; subject: string; blocks: Block[]; smsText: string | null }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<TemplatePreviewDto | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    const timer = setTimeout(() => {
      messageTemplatesApi
        .preview(templateKey, locale, { subject, blocks, ...(smsText === null ? {} : { smsText }) })
        .then((p) => {
          if (call === latest.current) setPreview(p);
        })
        // A draft the server refuses to render (a half-typed image address) keeps the last preview.
        .catch(() => undefined);
    }, 350);
    return () => clearTimeout(timer);
  }, [templateKey, locale, subject, blocks, smsText]);
  const unknown = [...new Set(preview?.unknownVariables.map((u) => token(u.name)) ?? [])];
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="lg" mb={4}>
        {t('messageTemplates.preview')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('messageTemplates.previewHelp')}
      </Text>
      {preview ? (
        <Text size="sm" fw={600} mb="xs" className="enso-break" data-testid="preview-subject">
          {t('messageTemplates.previewSubject', { subject: preview.subject })}
        </Text>
      ) : null}
      {unknown.length > 0 ? (
        <Alert color="yellow" mb="xs" p="xs">
          <Text size="sm">{t('messageTemplates.unknownInDraft', { names: unknown.join(', ') })}</Text>
        </Alert>
      ) : null}
      <iframe
        title={t('messageTemplates.previewTitle')}
        srcDoc={preview?.html ?? ''}
        sandbox="allow-same-origin"
        data-testid="preview-frame"
        style={{ width: '100%', height: 560, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: '#f1f3f5' }}
      />
      {preview?.sms ? (
        <div data-testid="preview-sms">
          <Text size="sm" fw={600} mt="sm" mb={4}>
            {t('messageTemplates.sms.previewTitle')}
          </Text>
          <Paper bg="gray.0" p="xs" radius="md">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="enso-break">
              {preview.sms.text}
            </Text>
          </Paper>
          <SegmentCount text={preview.sms.text} />
        </div>
      ) : null}
    </Paper>
  );
}

/** Error messages by field path, from a refused save. */
function errorsOf(unknown: UnknownVariableDto[], message: (name: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of unknown) out[u.path] = out[u.path] ? `${out[u.path]} ${message(u.name)}` : message(u.name);
  return out;
}

function Editor({ detail }: { detail: TemplateDetailDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState(detail.subject);
  const [blocks, setBlocks] = useState<Block[]>(detail.blocks);
  // Empty: the SMS is the body's text.
  const [smsText, setSmsText] = useState(detail.smsCustomised ? detail.smsText : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [resetting, setResetting] = useState(false);
  const locale = detail.locale;

  const applied = (next: TemplateDetailDto) => {
    queryClient.setQueryData(messageTemplateKey(next.key, next.locale), next);
    void queryClient.invalidateQueries({ queryKey: messageTemplatesKey, exact: true });
  };

  const save = async () => {
    setSaving(true);
    try {
      const next = await messageTemplatesApi.save(detail.key, locale, { subject, blocks, ...(detail.hasSms ? { smsText } : {}) });
      setErrors({});
      setSummary(null);
      setSubject(next.subject);
      setSmsText(next.smsCustomised ? next.smsText : '');
      applied(next);
      notifySuccess(t('messageTemplates.saved'));
    } catch (error) {
      if (isApiError(error, 400) && error.code === 'unknown_variables') {
        const unknown = (error.details.unknown ?? []) as UnknownVariableDto[];
        setErrors(errorsOf(unknown, (name) => t('messageTemplates.unknownVariable', { token: token(name) })));
        setSummary(t('messageTemplates.unknownSummary', { names: [...new Set(unknown.map((u) => token(u.name)))].join(', ') }));
      } else if (isApiError(error, 400) && error.code === 'subject_required') {
        setErrors({ subject: t('messageTemplates.subjectRequired') });
        setSummary(null);
      } else if (isApiError(error, 400) && error.fieldErrors.length > 0) {
        setErrors(Object.fromEntries(error.fieldErrors.map((f) => [f.path.replace(/^body\./, ''), f.message])));
        setSummary(error.detail);
      } else notifyError(error, t);
    } finally {
      setSaving(false);
    }
  };

  const reset = async () => {
    setResetting(true);
    try {
      const next = await messageTemplatesApi.reset(detail.key, locale);
      setSubject(next.subject);
      setBlocks(next.blocks);
      setSmsText('');
      setErrors({});
      setSummary(null);
      applied(next);
      notifySuccess(t('messageTemplates.resetDone'));
    } catch (error) {
      notifyError(error, t);
    } finally {
      setResetting(false);
      setConfirmReset(false);
    }
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack>
          {summary ? (
            <Alert color="red" role="alert" title={t('errors.title')} data-testid="save-errors">
              {summary}
            </Alert>
          ) : null}
          <TextInput
            label={t('messageTemplates.subject')}
            description={t('messageTemplates.subjectHelp')}
            required={detail.requiresSubject}
            value={subject}
            error={errors.subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
          <div>
            <Text fw={600} size="sm" mb={6}>
              {t('messageTemplates.content')}
            </Text>
            <BlockEditor blocks={blocks} onChange={setBlocks} variables={detail.variables} errors={errors} />
          </div>
          {detail.hasSms ? <SmsTextField value={smsText} onChange={setSmsText} bodyText={detail.text} error={errors.smsText} /> : null}
          <Group justify="space-between" mt="sm">
            <Button variant="default" color="red" disabled={!detail.customised} onClick={() => setConfirmReset(true)}>
              {t('messageTemplates.reset')}
            </Button>
            <Button loading={saving} onClick={() => void save()}>
              {t('messageTemplates.save')}
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack>
          <ChannelsPanel detail={detail} />
          <VariablesPanel variables={detail.variables} />
          <Preview templateKey={detail.key} locale={locale} subject={subject} blocks={blocks} smsText={detail.hasSms ? smsText : null} />
        </Stack>
      </Grid.Col>
      <ConfirmModal
        opened={confirmReset}
        title={t('messageTemplates.resetTitle')}
        message={t('messageTemplates.resetMessage', { language: t(`messageTemplates.languages.${locale}`) })}
        confirmLabel={t('messageTemplates.reset')}
        danger
        loading={resetting}
        onConfirm={() => void reset()}
        onClose={() => setConfirmReset(false)}
      />
    </Grid>
  );
}

/** Settings › Message templates › one template: subject, blocks, variables and a live preview, per language. */
export function MessageTemplateEditorPage() {
  const { t } = useTranslation();
  const ui = currentLocale();
  const navigate = useNavigate();
  const params = useParams<{ key: string; locale: string }>();
  const key = params.key ?? '';
  const locale: TemplateLocale = params.locale === 'fr' ? 'fr' : 'en';
  const detail = useQuery({ queryKey: messageTemplateKey(key, locale), queryFn: () => messageTemplatesApi.get(key, locale) });

  return (
    <>
      <Anchor component={Link} to="/settings/message-templates" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft /> {t('messageTemplates.back')}
      </Anchor>
      <PageHeader
        title={detail.data ? detail.data.title[ui] : t('messageTemplates.title')}
        description={detail.data?.description[ui]}
        actions={
          <SegmentedControl
            aria-label={t('messageTemplates.language')}
            value={locale}
            onChange={(v) => void navigate(`/settings/message-templates/${encodeURIComponent(key)}/${v}`)}
            data={[
              { value: 'en', label: t('messageTemplates.languages.en') },
              { value: 'fr', label: t('messageTemplates.languages.fr') },
            ]}
          />
        }
      />
      <QueryState isPending={detail.isPending} error={detail.error} onRetry={() => void detail.refetch()} />
      {detail.data ? (
        <>
          <Group gap="xs" mb="md">
            <Badge variant={detail.data.customised ? 'filled' : 'light'} color={detail.data.customised ? 'brand' : 'gray'}>
              {detail.data.customised ? t('messageTemplates.customised') : t('messageTemplates.default')}
            </Badge>
            <Text size="sm" c="dimmed">
              {detail.data.customised ? t('messageTemplates.isCustomised') : t('messageTemplates.notCustomised')}
            </Text>
          </Group>
          <Editor key={`${key}:${locale}`} detail={detail.data} />
        </>
      ) : null}
    </>
  );
}
