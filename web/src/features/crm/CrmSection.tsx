import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A card of the profile (staff) or account page (customer), named by its heading for assistive technology. */
export function CrmSection({ id, title, children, public: isPublic = false }: { id: string; title: string; children: ReactNode; public?: boolean }) {
  return (
    <Paper withBorder component="section" aria-labelledby={`${id}-heading`} radius={isPublic ? 'lg' : 'md'} p={isPublic ? { base: 'md', sm: 'xl' } : { base: 'sm', sm: 'lg' }}>
      <Title order={2} fz="lg" mb="md" id={`${id}-heading`}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}
