import type { SVGProps } from 'react';

type P = SVGProps<SVGSVGElement> & { size?: number };
const frame = ({ size = 18, ...props }: P): SVGProps<SVGSVGElement> => ({
  xmlns: 'http://www.w3.org/2000/svg',
  width: size,
  height: size,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.8,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
  focusable: false,
  ...props,
});

/** A price-tag outline: the Tags settings entry. */
export const IconTag = (p: P) => (
  <svg {...frame(p)}>
    <path d="M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z" />
    <circle cx="7.5" cy="7.5" r="1.5" />
  </svg>
);

/** A form with lines: the Custom fields settings entry. */
export const IconForm = (p: P) => (
  <svg {...frame(p)}>
    <rect x="4" y="3" width="16" height="18" rx="2" />
    <path d="M8 8h8M8 12h8M8 16h5" />
  </svg>
);
