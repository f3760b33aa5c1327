import { Stack, Text } from '@mantine/core';
import { Fragment } from 'react';

/** Paragraphs separated by blank lines; single line breaks are kept. */
function paragraphsOf(body: string): string[][] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => p.split('\n'));
}

/**
 * A waiver's text, shown exactly as signed. It is plain text rendered as React text nodes:
 * markup typed into a waiver shows as characters and never runs.
 */
export function WaiverText({ body, maxHeight, label }: { body: string; maxHeight?: number | string; label?: string }) {
  return (
    <Stack
      gap="sm"
      data-testid="waiver-text"
      style={maxHeight ? { maxHeight, overflowY: 'auto', paddingRight: 4 } : undefined}
      // A scrolling box must be reachable by keyboard, and then needs a name.
      tabIndex={maxHeight ? 0 : undefined}
      role={maxHeight ? 'region' : undefined}
      aria-label={maxHeight ? label : undefined}
    >
      {paragraphsOf(body).map((lines, i) => (
        <Text key={i} className="enso-break">
          {lines.map((line, j) => (
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </Text>
      ))}
    </Stack>
  );
}
