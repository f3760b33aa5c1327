import { Button, Divider, Drawer, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../../app/ui/icons.tsx';
import { crmApi, fieldsKey, tagsKey } from '../crm/api.ts';
import type { Criteria } from './api.ts';
import { cleanRule, isComplete, newRule, RuleRow, type DraftRule } from './RuleRow.tsx';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** The criteria the list applies now (a draft starts from them). */
  criteria: Criteria | null;
  onApply: (criteria: Criteria | null) => void;
  /** Saves the draft as a new segment; absent for staff who may not. */
  onSave?: ((name: string, criteria: Criteria) => Promise<void>) | undefined;
  /** The segment whose tab is open: the draft starts from its rules, and can replace them. */
  segment?: { name: string; criteria: Criteria } | null | undefined;
  onUpdate?: ((criteria: Criteria) => Promise<void>) | undefined;
}

const toCriteria = (match: 'all' | 'any', rules: DraftRule[]) => ({ match, rules: rules.map(cleanRule) }) as unknown as Criteria;

/** "Customer segmentation": rules on tags, visits, custom fields, subscriptions… applied to the list or saved as a tab. */
export function FilterDrawer({ opened, onClose, criteria, onApply, onSave, segment, onUpdate }: Props) {
  const { t } = useTranslation();
  const tags = useQuery({ queryKey: tagsKey, queryFn: crmApi.tags, enabled: opened });
  const fields = useQuery({ queryKey: fieldsKey, queryFn: () => crmApi.fields(), enabled: opened });
  const [match, setMatch] = useState<'all' | 'any'>('all');
  const [rules, setRules] = useState<DraftRule[]>([]);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);

  const [updating, setUpdating] = useState(false);

  useEffect(() => {
    if (!opened) return;
    const start = criteria ?? segment?.criteria ?? null;
    setMatch(start?.match ?? 'all');
    setRules((start?.rules ?? []).map((r) => ({ ...r }) as DraftRule));
    setName('');
  }, [opened, criteria, segment]);

  const complete = rules.every(isComplete);
  const fieldList = (fields.data?.items ?? []).filter((f) => !f.archived);

  return (
    <Drawer opened={opened} onClose={onClose} title={t('segments.builder.title')} position="right" size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('segments.builder.help')}
        </Text>
        <Select
          label={t('segments.builder.match')}
          data={[
            { value: 'all', label: t('segments.builder.matchAll') },
            { value: 'any', label: t('segments.builder.matchAny') },
          ]}
          value={match}
          onChange={(v) => v && setMatch(v as 'all' | 'any')}
          allowDeselect={false}
          maw={360}
          comboboxProps={{ withinPortal: true }}
        />
        {rules.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('segments.builder.noRules')}
          </Text>
        ) : null}
        {rules.map((rule, i) => (
          <RuleRow
            key={i}
            index={i}
            rule={rule}
            tags={tags.data?.items ?? []}
            fields={fieldList}
            onChange={(next) => setRules(rules.map((r, j) => (j === i ? next : r)))}
            onRemove={() => setRules(rules.filter((_, j) => j !== i))}
          />
        ))}
        <Group>
          <Button variant="light" leftSection={<IconPlus />} onClick={() => setRules([...rules, newRule('tags', fieldList)])}>
            {t('segments.builder.addRule')}
          </Button>
        </Group>
        {!complete ? (
          <Text size="sm" c="red.8" role="status">
            {t('segments.builder.incomplete')}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              onApply(null);
              onClose();
            }}
          >
            {t('segments.builder.clear')}
          </Button>
          <Button
            disabled={!complete}
            onClick={() => {
              onApply(rules.length > 0 ? toCriteria(match, rules) : null);
              onClose();
            }}
          >
            {t('segments.builder.apply')}
          </Button>
        </Group>
        {segment && onUpdate ? (
          <>
            <Divider label={t('segments.builder.updateDivider', { name: segment.name })} labelPosition="left" />
            <Group justify="flex-end">
              <Button
                variant="outline"
                disabled={!complete || rules.length === 0}
                loading={updating}
                onClick={async () => {
                  setUpdating(true);
                  try {
                    await onUpdate(toCriteria(match, rules));
                    onClose();
                  } finally {
                    setUpdating(false);
                  }
                }}
              >
                {t('segments.builder.update', { name: segment.name })}
              </Button>
            </Group>
          </>
        ) : null}
        {onSave ? (
          <>
            <Divider label={t('segments.builder.saveDivider')} labelPosition="left" />
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label={t('segments.builder.name')}
                placeholder={t('segments.builder.namePlaceholder')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                maxLength={80}
                style={{ flex: '1 1 200px' }}
              />
              <Button
                variant="outline"
                disabled={!complete || name.trim() === '' || rules.length === 0}
                loading={saving}
                onClick={async () => {
                  setSaving(true);
                  try {
                    await onSave(name.trim(), toCriteria(match, rules));
                    onClose();
                  } finally {
                    setSaving(false);
                  }
                }}
              >
                {t('segments.builder.save')}
              </Button>
            </Group>
          </>
        ) : null}
      </Stack>
    </Drawer>
  );
}
