import { Group, Radio } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fullName } from '../../../lib/format.ts';
import { childrenKey, familyApi } from '../../family/api.ts';
import { useRoster } from './api.ts';

export interface Attendee {
  id: string;
  name: string;
}

/**
 * Staff choose who attends when the customer they picked is a parent and the class takes
 * children: the customer (who pays) or one of their children. Someone already in the class
 * (booked, checked in or waiting) is shown but cannot be chosen again.
 */
export function useStaffAttendees(occurrenceId: string, customerId: string | null, allowChildren: boolean) {
  const children = useQuery({
    queryKey: childrenKey(customerId ?? ''),
    queryFn: () => familyApi.children(customerId!),
    enabled: !!customerId && allowChildren,
  });
  const roster = useRoster(occurrenceId, !!customerId);
  const groups = roster.data?.groups;
  const inClass = new Set([...(groups?.booked ?? []), ...(groups?.checked_in ?? []), ...(groups?.waitlisted ?? [])].map((b) => b.customerId));
  const kids: Attendee[] = allowChildren ? (children.data?.items ?? []).map((c) => ({ id: c.id, name: fullName(c) })) : [];
  return { kids, inClass };
}

export function StaffWhoPicker({
  customer,
  kids,
  inClass,
  value,
  onChange,
}: {
  customer: Attendee;
  kids: Attendee[];
  inClass: Set<string>;
  /** The chosen child, or null for the customer. */
  value: string | null;
  onChange: (childId: string | null) => void;
}) {
  const { t } = useTranslation();
  const label = (a: Attendee, key: 'whoCustomer' | 'whoChild') =>
    `${t(`bookingStaff.who.${key}`, { name: a.name })}${inClass.has(a.id) ? ` · ${t('bookingStaff.who.alreadyIn')}` : ''}`;
  return (
    <Radio.Group label={t('bookingStaff.who.label')} description={t('bookingStaff.who.help')} value={value ?? customer.id} onChange={(v) => onChange(v === customer.id ? null : v)}>
      <Group gap="md" mt={6}>
        <Radio value={customer.id} label={label(customer, 'whoCustomer')} disabled={inClass.has(customer.id)} />
        {kids.map((k) => (
          <Radio key={k.id} value={k.id} label={label(k, 'whoChild')} disabled={inClass.has(k.id)} data-testid={`who-${k.id}`} />
        ))}
      </Group>
    </Radio.Group>
  );
}
