import type { SVGProps } from 'react';

type P = SVGProps<SVGSVGElement> & { size?: number };

/** A calendar page: the Schedule entry of the navigation. */
export const IconCalendar = ({ size = 18, ...props }: P) => (
  <svg
    xmlns="http://www.w3.org/2000/svg"
    width={size}
    height={size}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth={1.8}
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden
    focusable={false}
    {...props}
  >
    <rect x="3" y="5" width="18" height="16" rx="2" />
    <path d="M3 10h18M8 3v4M16 3v4" />
  </svg>
);
