import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card on the profile or account page, named by its heading for assistive technology. */
export function Section({ id, title, children, public: isPublic = false }: { id: string; title: string; children: ReactNode; public?: boolean }) {
  return (
    <Paper
      withBorder
      radius={isPublic ? 'lg' : 'md'}
      p={isPublic ? { base: 'md', sm: 'xl' } : { base: 'sm', sm: 'lg' }}
      component="section"
      aria-labelledby={`${id}-heading`}
    >
      <Title order={2} fz="lg" mb="md" id={`${id}-heading`}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}
