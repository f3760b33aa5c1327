import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTimeZones } from './api.ts';

/** A searchable list of the IANA zones the server accepts (`GET /api/v1/time-zones`). */
export function TimeZoneSelect(props: Omit<SelectProps, 'data'>) {
  const { t } = useTranslation();
  const zones = useTimeZones();
  return (
    <Select
      label={t('fields.timeZone')}
      searchable
      limit={100}
      nothingFoundMessage={zones.isPending ? t('common.loading') : t('common.nothingFound')}
      data={zones.data ?? (typeof props.value === 'string' && props.value ? [props.value] : [])}
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}
