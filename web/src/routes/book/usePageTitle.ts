import { useEffect } from 'react';

export function usePageTitle(title: string, studioName: string): void {
  useEffect(() => {
    document.title = `${title} · ${studioName}`;
  }, [title, studioName]);
}
