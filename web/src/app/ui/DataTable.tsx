import { Box, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Shown as the card's title at phone width. */
  primary?: boolean;
  /** Keep on one line in the table (badges, dates). */
  nowrap?: boolean;
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  actions?: (row: T) => ReactNode;
  actionsLabel?: string;
  /** Accessible name of the table. */
  label: string;
  minWidth?: number;
  testId?: string;
}

/** A table on wide screens, a stack of cards on a phone (below Mantine's `sm` breakpoint). */
export function DataTable<T>({ rows, columns, rowKey, actions, actionsLabel, label, minWidth = 640, testId }: Props<T>) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  if (phone) {
    const primary = columns.find((c) => c.primary) ?? columns[0];
    return (
      <Stack gap="sm" role="list" aria-label={label} data-testid={testId}>
        {rows.map((row) => (
          <Paper key={rowKey(row)} withBorder p="sm" radius="md" role="listitem">
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <Box fw={600} className="enso-break" style={{ minWidth: 0 }}>
                {primary?.render(row)}
              </Box>
              {actions ? <Box style={{ flexShrink: 0 }}>{actions(row)}</Box> : null}
            </Group>
            <Stack gap={4} mt={6}>
              {columns
                .filter((c) => c !== primary)
                .map((c) => (
                  <Group key={c.key} gap={6} wrap="nowrap" align="flex-start">
                    <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                      {t('common.labelColon', { label: c.header })}
                    </Text>
                    <Box fz="sm" className="enso-break" style={{ minWidth: 0 }}>
                      {c.render(row)}
                    </Box>
                  </Group>
                ))}
            </Stack>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={minWidth} data-testid={testId}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key}>{c.header}</Table.Th>
            ))}
            {actions ? (
              <Table.Th>
                <Text component="span" fz="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {actionsLabel}
                </Text>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((c) => (
                <Table.Td key={c.key} className="enso-cell" style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                  {c.render(row)}
                </Table.Td>
              ))}
              {actions ? <Table.Td style={{ width: 1, whiteSpace: 'nowrap' }}>{actions(row)}</Table.Td> : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
