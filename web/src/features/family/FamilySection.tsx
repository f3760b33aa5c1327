import { Anchor, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconPlus } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import type { CustomerDto } from '../../lib/contracts.ts';
import { notifySuccess } from '../../lib/errors.ts';
import { formatLocalDate, fullName } from '../../lib/format.ts';
import { activityKey, customerKey, customersApi } from '../customers/api.ts';
import { childrenKey, familyApi } from './api.ts';
import { ChildForm } from './ChildForm.tsx';
import { Section } from './Section.tsx';

function ParentLine({ parentId }: { parentId: string }) {
  const { t } = useTranslation();
  const parent = useQuery({ queryKey: customerKey(parentId), queryFn: () => customersApi.get(parentId) });
  if (!parent.data) return <QueryState isPending={parent.isPending} error={parent.error} />;
  return (
    <Text>
      {t('family.childOf')}{' '}
      <Anchor component={Link} to={`/customers/${parentId}`}>
        {fullName(parent.data)}
      </Anchor>
    </Text>
  );
}

/** Staff profile: the customer's children (or, on a child's profile, the parent) and "Add a child". */
export function FamilySection({ customer, canWrite }: { customer: CustomerDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const isChild = customer.parentId !== null;
  const children = useQuery({ queryKey: childrenKey(customer.id), queryFn: () => familyApi.children(customer.id), enabled: !isChild });

  return (
    <Section id="family" title={t('family.title')}>
      {isChild ? (
        <ParentLine parentId={customer.parentId!} />
      ) : !children.data ? (
        <QueryState isPending={children.isPending} error={children.error} onRetry={() => void children.refetch()} />
      ) : (
        <Stack gap="sm">
          {children.data.items.length === 0 ? (
            <Text c="dimmed">{t('family.noChildren')}</Text>
          ) : (
            <List listStyleType="none" spacing="xs" aria-label={t('family.childrenList')} data-testid="children">
              {children.data.items.map((child) => (
                <List.Item key={child.id}>
                  <Group gap="xs" wrap="wrap">
                    <Anchor component={Link} to={`/customers/${child.id}`} className="enso-break">
                      {fullName(child)}
                    </Anchor>
                    {child.birthDate ? (
                      <Text size="sm" c="dimmed">
                        {t('family.born', { date: formatLocalDate(child.birthDate) })}
                      </Text>
                    ) : null}
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
          {canWrite && !customer.anonymized ? (
            <Group>
              <Button variant="light" leftSection={<IconPlus />} onClick={() => setAdding(true)}>
                {t('family.addChild')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('family.addChildTo', { name: fullName(customer) })} size="lg">
        <ChildForm
          submitLabel={t('family.addChild')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await familyApi.addChild(customer.id, body);
            setAdding(false);
            void queryClient.invalidateQueries({ queryKey: childrenKey(customer.id) });
            void queryClient.invalidateQueries({ queryKey: activityKey(customer.id) });
            notifySuccess(t('family.childAdded'));
          }}
        />
      </Modal>
    </Section>
  );
}
