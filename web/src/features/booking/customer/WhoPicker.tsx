import { Group, Radio } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BookingOptionsAttendee } from './api.ts';

/**
 * "Who is coming?": the signed-in customer and, where the class or series takes children, their
 * children (the booking options' attendees). Booking one class and registering for a series use it.
 */
export function WhoPicker({
  attendees,
  value,
  onChange,
  labelId,
}: {
  attendees: readonly Pick<BookingOptionsAttendee, 'customerId' | 'name' | 'isChild'>[];
  value: string;
  onChange: (id: string) => void;
  labelId: string;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={t('bookingCustomer.who')} value={value} onChange={onChange} id={labelId}>
      <Group gap="md" mt="xs">
        {attendees.map((a) => (
          <Radio key={a.customerId} value={a.customerId} label={a.isChild ? t('bookingCustomer.child', { name: a.name }) : t('bookingCustomer.me', { name: a.name })} />
        ))}
      </Group>
    </Radio.Group>
  );
}
