import { Alert, Button, Group, List, Modal, NumberInput, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { isApiError } from '../../lib/api.ts';
import { notifyError, notifySuccess } from '../../lib/errors.ts';
import { roomsKey } from '../studios/api.ts';
import { spotMapApi, type RoomDto } from './api.ts';
import { cellKey, cellsOf, fitTo, nextSpotLabel, renumber, toSpotMap, type CellMap } from './grid.ts';
import './spot-map.css';

const maxSide = 30;
const clampSide = (v: number | string) => Math.min(maxSide, Math.max(1, Math.round(Number(v) || 1)));

/** Asks the name of a landmark ("Door", "Mirror") for the cell being turned into one. */
function LandmarkPrompt({ onDone }: { onDone: (label: string | null) => void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(t('spotMap.defaultLandmark'));
  const trimmed = label.trim();
  return (
    <Modal opened onClose={() => onDone(null)} title={t('spotMap.landmarkTitle')} centered size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (trimmed) onDone(trimmed);
        }}
      >
        <Stack>
          <TextInput
            label={t('spotMap.landmarkLabel')}
            description={t('spotMap.landmarkHelp')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            maxLength={40}
            required
            data-autofocus
            error={trimmed ? null : t('validation.required')}
          />
          <FormActions onCancel={() => onDone(null)} submitLabel={t('spotMap.addLandmark')} disabled={!trimmed} />
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The floor-plan editor of a room. Clicking a cell (or Enter/Space on it) cycles
 * empty → spot (numbered next) → landmark (named) → empty; arrow keys move between cells.
 */
export function SpotMapEditor({ room, onClose }: { room: RoomDto; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(room.spotMap?.rows ?? 4);
  const [columns, setColumns] = useState(room.spotMap?.columns ?? 5);
  const [cells, setCells] = useState<CellMap>(cellsOf(room.spotMap));
  const [asking, setAsking] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const gridRef = useRef<HTMLDivElement>(null);

  const visible = fitTo(cells, rows, columns);
  const spots = [...visible.values()].filter((c) => c.kind === 'spot').length;

  const setCell = (key: string, cell: { kind: 'spot' | 'landmark'; label: string } | null) =>
    setCells((old) => {
      const next = new Map(old);
      if (cell) next.set(key, cell);
      else next.delete(key);
      return next;
    });

  const cycle = (row: number, column: number) => {
    const key = cellKey(row, column);
    const cell = visible.get(key);
    if (!cell) setCell(key, { kind: 'spot', label: nextSpotLabel(visible) });
    else if (cell.kind === 'spot') setAsking(key);
    else setCell(key, null);
  };

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = steps[e.key];
    const target = e.target as HTMLElement;
    if (!step || !target.dataset.row) return;
    e.preventDefault();
    const row = Math.min(rows, Math.max(1, Number(target.dataset.row) + step[0]));
    const column = Math.min(columns, Math.max(1, Number(target.dataset.column) + step[1]));
    gridRef.current?.querySelector<HTMLButtonElement>(`[data-row="${row}"][data-column="${column}"]`)?.focus();
  };

  const describe = (row: number, column: number) => {
    const cell = visible.get(cellKey(row, column));
    const where = t('spotMap.cellAt', { row, column });
    if (!cell) return `${where}: ${t('spotMap.empty')}`;
    return `${where}: ${cell.kind === 'spot' ? t('spotMap.spotNamed', { label: cell.label }) : t('spotMap.landmarkNamed', { label: cell.label })}`;
  };

  const save = async () => {
    setSaving(true);
    setProblems([]);
    try {
      await spotMapApi.save(room.id, toSpotMap(cells, rows, columns));
      await queryClient.invalidateQueries({ queryKey: roomsKey(room.locationId) });
      notifySuccess(t('spotMap.saved', { name: room.name }));
      onClose();
    } catch (error) {
      if (isApiError(error, 400) && error.fieldErrors.length > 0) setProblems(error.fieldErrors.map((f) => f.message));
      else notifyError(error, t);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    setSaving(true);
    try {
      await spotMapApi.remove(room.id);
      await queryClient.invalidateQueries({ queryKey: roomsKey(room.locationId) });
      notifySuccess(t('spotMap.removed', { name: room.name }));
      onClose();
    } catch (error) {
      notifyError(error, t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('spotMap.title', { name: room.name })} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('spotMap.help')}
        </Text>
        <Group grow>
          <NumberInput label={t('spotMap.rows')} min={1} max={maxSide} allowDecimal={false} value={rows} onChange={(v) => setRows(clampSide(v))} />
          <NumberInput label={t('spotMap.columns')} min={1} max={maxSide} allowDecimal={false} value={columns} onChange={(v) => setColumns(clampSide(v))} />
        </Group>
        <Group justify="space-between">
          <Text size="sm" fw={500} role="status" data-testid="spot-count">
            {t('spotMap.spotCount', { count: spots })}
            {spots > room.capacity ? ` · ${t('spotMap.overCapacity', { capacity: room.capacity })}` : ''}
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={() => setCells(renumber(visible))} disabled={spots === 0}>
            {t('spotMap.renumber')}
          </Button>
        </Group>
        <ScrollArea type="auto" offsetScrollbars>
          <Text size="xs" c="dimmed" ta="center" mb={4}>
            {t('spotMap.front')}
          </Text>
          <div
            ref={gridRef}
            className="enso-spot-grid"
            role="group"
            aria-label={t('spotMap.gridLabel', { rows, columns })}
            style={{ gridTemplateColumns: `repeat(${columns}, minmax(2.5rem, 1fr))` }}
            onKeyDown={move}
          >
            {Array.from({ length: rows }, (_, r) =>
              Array.from({ length: columns }, (_, c) => {
                const cell = visible.get(cellKey(r + 1, c + 1));
                return (
                  <UnstyledButton
                    key={cellKey(r + 1, c + 1)}
                    className="enso-spot-cell"
                    data-kind={cell?.kind ?? 'empty'}
                    data-row={r + 1}
                    data-column={c + 1}
                    aria-label={describe(r + 1, c + 1)}
                    onClick={() => cycle(r + 1, c + 1)}
                  >
                    {cell?.label ?? ''}
                  </UnstyledButton>
                );
              }),
            )}
          </div>
        </ScrollArea>
        <Group gap="md">
          <Group gap={6}>
            <span className="enso-spot-cell enso-spot-legend" data-kind="spot" aria-hidden />
            <Text size="xs">{t('spotMap.legendSpot')}</Text>
          </Group>
          <Group gap={6}>
            <span className="enso-spot-cell enso-spot-legend" data-kind="landmark" aria-hidden />
            <Text size="xs">{t('spotMap.legendLandmark')}</Text>
          </Group>
        </Group>
        {problems.length > 0 ? (
          <Alert color="red" title={t('spotMap.problems')} role="alert">
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <Group justify="space-between">
          {room.spotMap ? (
            <Button variant="subtle" color="red" onClick={() => void remove()} disabled={saving}>
              {t('spotMap.remove')}
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void save()} loading={saving}>
              {t('spotMap.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
      {asking ? (
        <LandmarkPrompt
          onDone={(label) => {
            // Cancelling the name skips the landmark: the cycle goes on to empty.
            setCell(asking, label ? { kind: 'landmark', label } : null);
            const [row, column] = asking.split(':');
            setAsking(null);
            requestAnimationFrame(() => gridRef.current?.querySelector<HTMLButtonElement>(`[data-row="${row}"][data-column="${column}"]`)?.focus());
          }}
        />
      ) : null}
    </Modal>
  );
}
