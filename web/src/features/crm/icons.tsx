import { Icon, type IconProps } from '../../app/ui/icons.tsx';

type P = IconProps;

/** A price-tag outline: the Tags settings entry. */
export const IconTag = (p: P) => (
  <Icon {...p}>
    <path d="M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z" />
    <circle cx="7.5" cy="7.5" r="1.5" />
  </Icon>
);

/** A form with lines: the Custom fields settings entry. */
export const IconForm = (p: P) => (
  <Icon {...p}>
    <rect x="4" y="3" width="16" height="18" rx="2" />
    <path d="M8 8h8M8 12h8M8 16h5" />
  </Icon>
);
