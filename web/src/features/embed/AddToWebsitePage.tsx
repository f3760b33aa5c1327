import { Anchor, Box, Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCheck, IconCopy } from '../../app/ui/icons.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { useEmbedSnippets } from './api.ts';

/** Settings › Add to website: the script tag and the iframe that show the public schedule on the studio's site. */
export function AddToWebsitePage() {
  const { t } = useTranslation();
  const snippets = useEmbedSnippets();
  return (
    <>
      <PageHeader title={t('embed.title')} description={t('embed.intro')} />
      {!snippets.data ? (
        <QueryState isPending={snippets.isPending} error={snippets.error} onRetry={() => void snippets.refetch()} />
      ) : (
        <Stack gap="lg">
          <Text size="sm">
            {t('embed.publicPage')}{' '}
            <Anchor href={snippets.data.scheduleUrl} target="_blank" rel="noopener" className="enso-break">
              {snippets.data.scheduleUrl}
            </Anchor>
          </Text>
          <Snippet id="embed-script" title={t('embed.script.title')} help={t('embed.script.help')} code={snippets.data.script} />
          <Snippet id="embed-iframe" title={t('embed.iframe.title')} help={t('embed.iframe.help')} code={snippets.data.iframe} />
          <Stack gap="xs" component="section" aria-labelledby="embed-preview">
            <Title order={2} fz="lg" id="embed-preview">
              {t('embed.preview')}
            </Title>
            <Box
              component="iframe"
              src={`${new URL(snippets.data.scheduleUrl).pathname}?embed=1`}
              title={t('embed.preview')}
              style={{ width: '100%', height: 560, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
            />
          </Stack>
        </Stack>
      )}
    </>
  );
}

function Snippet({ id, title, help, code }: { id: string; title: string; help: string; code: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} fz="lg" id={id}>
            {title}
          </Title>
          <CopyButton value={code}>
            {({ copied, copy }) => (
              <Button size="xs" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck /> : <IconCopy />} onClick={copy} aria-label={`${t('common.copy')}: ${title}`}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {help}
        </Text>
        <Code block data-testid={`${id}-code`} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {code}
        </Code>
      </Stack>
    </Paper>
  );
}
