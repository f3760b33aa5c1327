import { Icon, type IconProps } from '../../../app/ui/icons.tsx';

type P = IconProps;

/** An envelope: email. */
export const IconEmail = (p: P) => (
  <Icon size={16} {...p}>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <path d="m3 7 9 6 9-6" />
  </Icon>
);

/** A speech bubble: SMS. */
export const IconSms = (p: P) => (
  <Icon size={16} {...p}>
    <path d="M4 5h16v11H9l-5 4z" />
  </Icon>
);

/** A bell: in-app. */
export const IconBell = (p: P) => (
  <Icon size={16} {...p}>
    <path d="M6 16V11a6 6 0 1 1 12 0v5l2 2H4z" />
    <path d="M10 20a2 2 0 0 0 4 0" />
  </Icon>
);

/** A gear: tab settings. */
export const IconGear = (p: P) => (
  <Icon size={16} {...p}>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1" />
  </Icon>
);

export function ChannelIcon({ channel, label }: { channel: 'email' | 'sms' | 'in_app'; label: string }) {
  const Icon = channel === 'email' ? IconEmail : channel === 'sms' ? IconSms : IconBell;
  return (
    <span role="img" aria-label={label} title={label} style={{ display: 'inline-flex' }}>
      <Icon />
    </span>
  );
}
