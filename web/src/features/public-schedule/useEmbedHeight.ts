import { useEffect } from 'react';

/**
 * In embed mode (inside the iframe that embed.js made on a studio's site), tells the parent page
 * how tall the schedule is, whenever that changes, so the frame shows it without a scrollbar.
 * The height is not secret, so any parent may read it; embed.js checks that the message comes
 * from this frame and from Enso's origin.
 */
export function useEmbedHeight(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || window.parent === window) return;
    let last = 0;
    const post = () => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: 'enso:schedule-height', height }, '*');
    };
    const observer = new ResizeObserver(post);
    observer.observe(document.body);
    post();
    return () => observer.disconnect();
  }, [enabled]);
}
