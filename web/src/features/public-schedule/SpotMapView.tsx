import { Box, ScrollArea, Text } from '@mantine/core';
import type { PublicSpotMapDto } from '../../../../src/modules/schedule/public/contracts.ts';

/** A room's spot map, read-only: numbered spots and landmarks on a grid, row 1 (the front) on top. */
export function SpotMapView({ map }: { map: PublicSpotMapDto }) {
  return (
    <ScrollArea type="auto">
      <Box
        role="img"
        aria-label={map.cells.map((c) => c.label).join(', ')}
        style={{ display: 'grid', gridTemplateColumns: `repeat(${map.columns}, 36px)`, gridAutoRows: '36px', gap: 4 }}
      >
        {map.cells.map((c) => (
          <Box
            key={`${c.row}-${c.column}`}
            style={{
              gridRow: c.row,
              gridColumn: c.column,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              borderRadius: 6,
              background: c.kind === 'spot' ? 'var(--mantine-color-brand-0)' : 'var(--mantine-color-gray-1)',
              border: `1px solid ${c.kind === 'spot' ? 'var(--mantine-color-brand-3)' : 'var(--mantine-color-gray-3)'}`,
              overflow: 'hidden',
            }}
          >
            <Text size="xs" fw={c.kind === 'spot' ? 700 : 400} c={c.kind === 'spot' ? 'brand.9' : 'gray.7'} truncate>
              {c.label}
            </Text>
          </Box>
        ))}
      </Box>
    </ScrollArea>
  );
}
