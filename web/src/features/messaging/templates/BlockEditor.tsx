import { ActionIcon, Button, Group, Menu, NumberInput, Paper, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../../../app/ui/icons.tsx';
import type { Block, BlockKind, TemplateVariableDto } from './api.ts';

export const blockKinds: BlockKind[] = ['heading', 'text', 'button', 'image', 'divider', 'spacer'];

let created = 0;
/** A block id unique within the body (the server only requires uniqueness). */
export const newBlockId = (blocks: readonly Block[]) => {
  const taken = new Set(blocks.map((b) => b.id));
  let id: string;
  do id = `n${(++created).toString(36)}${blocks.length.toString(36)}`;
  while (taken.has(id));
  return id;
};

export function newBlock(kind: BlockKind, blocks: readonly Block[], urlVariables: string[]): Block {
  const id = newBlockId(blocks);
  switch (kind) {
    case 'heading':
      return { id, kind, text: '' };
    case 'text':
      return { id, kind, text: '' };
    case 'button':
      return { id, kind, label: '', urlVariable: urlVariables[0] ?? '' };
    case 'image':
      return { id, kind, url: 'https://', alt: '' };
    case 'divider':
      return { id, kind };
    case 'spacer':
      return { id, kind, height: 24 };
  }
}

const move = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
};

interface Props {
  blocks: Block[];
  onChange: (blocks: Block[]) => void;
  variables: TemplateVariableDto[];
  /** Error messages by field path (`blocks.2.text`). */
  errors: Record<string, string>;
}

/** The email body as blocks: add, edit, reorder (drag, or the arrows with a keyboard) and remove. */
export function BlockEditor({ blocks, onChange, variables, errors }: Props) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const urlVariables = variables.map((v) => v.name).filter((n) => n === 'url' || n.endsWith('_url'));
  const update = (i: number, patch: Partial<Block>) => onChange(blocks.map((b, j) => (j === i ? ({ ...b, ...patch } as Block) : b)));
  const errorOf = (i: number, field: string) => errors[`blocks.${i}.${field}`];

  const fieldsOf = (block: Block, i: number) => {
    switch (block.kind) {
      case 'heading':
        return <TextInput label={t('messageTemplates.fields.headingText')} value={block.text} error={errorOf(i, 'text')} onChange={(e) => update(i, { text: e.currentTarget.value })} />;
      case 'text':
        return (
          <Textarea label={t('messageTemplates.fields.text')} value={block.text} error={errorOf(i, 'text')} autosize minRows={2} maxRows={12} onChange={(e) => update(i, { text: e.currentTarget.value })} />
        );
      case 'button':
        return (
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={t('messageTemplates.fields.buttonLabel')} value={block.label} error={errorOf(i, 'label')} onChange={(e) => update(i, { label: e.currentTarget.value })} miw={180} />
            <Select
              label={t('messageTemplates.fields.buttonLink')}
              description={t('messageTemplates.fields.buttonLinkHelp')}
              data={[...new Set([...urlVariables, block.urlVariable].filter(Boolean))].map((n) => ({ value: n, label: `##{{${n}}}` }))}
              value={block.urlVariable || null}
              allowDeselect={false}
              error={errorOf(i, 'urlVariable')}
              onChange={(v) => update(i, { urlVariable: v ?? '' })}
              miw={180}
            />
          </Group>
        );
      case 'image':
        return (
          <Stack gap="xs">
            <TextInput label={t('messageTemplates.fields.imageUrl')} value={block.url} error={errorOf(i, 'url')} onChange={(e) => update(i, { url: e.currentTarget.value })} />
            <TextInput label={t('messageTemplates.fields.imageAlt')} value={block.alt} error={errorOf(i, 'alt')} onChange={(e) => update(i, { alt: e.currentTarget.value })} />
          </Stack>
        );
      case 'divider':
        return <hr style={{ border: 0, borderTop: '1px solid var(--mantine-color-gray-4)', margin: '4px 0' }} aria-hidden />;
      case 'spacer':
        return (
          <NumberInput
            label={t('messageTemplates.fields.spacerHeight')}
            value={block.height}
            min={4}
            max={120}
            step={4}
            maw={200}
            onChange={(v) => update(i, { height: typeof v === 'number' ? v : 24 })}
          />
        );
    }
  };

  return (
    <Stack gap="xs">
      {blocks.length === 0 ? <Text c="dimmed">{t('messageTemplates.emptyBody')}</Text> : null}
      {blocks.map((block, i) => (
        <Paper
          key={block.id}
          withBorder
          p="sm"
          radius="md"
          data-testid={`block-${i}`}
          onDragOver={(e) => {
            if (dragging === null) return;
            e.preventDefault();
            setOver(i);
          }}
          onDrop={(e) => {
            e.preventDefault();
            if (dragging !== null && dragging !== i) onChange(move(blocks, dragging, i));
            setDragging(null);
            setOver(null);
          }}
          style={{
            borderColor: over === i && dragging !== null && dragging !== i ? 'var(--mantine-color-brand-6)' : undefined,
            opacity: dragging === i ? 0.5 : 1,
          }}
        >
          <Group justify="space-between" mb={block.kind === 'divider' ? 0 : 'xs'} wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Text
                component="span"
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', block.id);
                  setDragging(i);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setOver(null);
                }}
                title={t('messageTemplates.dragHandle')}
                aria-hidden
                c="dimmed"
                style={{ cursor: 'grab', userSelect: 'none', fontSize: 18, lineHeight: 1 }}
              >
                ⠿
              </Text>
              <Text size="sm" fw={600}>
                {t(`messageTemplates.blockKinds.${block.kind}`)}
              </Text>
            </Group>
            <Group gap={4} wrap="nowrap">
              <ActionIcon variant="subtle" color="gray" disabled={i === 0} onClick={() => onChange(move(blocks, i, i - 1))} aria-label={`${t('messageTemplates.moveUp')} (${i + 1})`}>
                ↑
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="gray"
                disabled={i === blocks.length - 1}
                onClick={() => onChange(move(blocks, i, i + 1))}
                aria-label={`${t('messageTemplates.moveDown')} (${i + 1})`}
              >
                ↓
              </ActionIcon>
              <ActionIcon variant="subtle" color="red" onClick={() => onChange(blocks.filter((_, j) => j !== i))} aria-label={`${t('messageTemplates.remove')} (${i + 1})`}>
                ×
              </ActionIcon>
            </Group>
          </Group>
          {fieldsOf(block, i)}
        </Paper>
      ))}
      <Menu position="bottom-start">
        <Menu.Target>
          <Button variant="light" leftSection={<IconPlus />} style={{ alignSelf: 'flex-start' }}>
            {t('messageTemplates.addBlock')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {blockKinds
            .filter((k) => k !== 'button' || urlVariables.length > 0)
            .map((k) => (
              <Menu.Item key={k} onClick={() => onChange([...blocks, newBlock(k, blocks, urlVariables)])}>
                {t(`messageTemplates.blockKinds.${k}`)}
              </Menu.Item>
            ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );
}
