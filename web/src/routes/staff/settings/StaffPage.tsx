import { ActionIcon, Badge, Button, Menu, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ConfirmModal } from '../../../app/ui/ConfirmModal.tsx';
import { DataTable, type Column } from '../../../app/ui/DataTable.tsx';
import { IconDots, IconPlus } from '../../../app/ui/icons.tsx';
import { PageHeader } from '../../../app/ui/PageHeader.tsx';
import { QueryState } from '../../../app/ui/QueryState.tsx';
import { staffApi, staffKey } from '../../../features/identity/api.ts';
import { staffRoles } from '../../../features/identity/roles.ts';
import { useStudio } from '../../../features/studios/api.ts';
import type { StaffMemberDto, StaffRole } from '../../../lib/contracts.ts';
import { applyApiError, notifyError, notifySuccess } from '../../../lib/errors.ts';
import { formatInZone, fullName } from '../../../lib/format.ts';
import { useCan, useStaffSession } from '../session.tsx';
import { FormActions } from '../../../app/ui/FormActions.tsx';

const statusColor: Record<StaffMemberDto['status'], string> = { active: 'teal', invited: 'yellow', deactivated: 'gray' };

function useRoleOptions() {
  const { t } = useTranslation();
  return staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

function InviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoleOptions();
  const form = useForm<{ email: string; firstName: string; lastName: string; role: string | null }>({
    initialValues: { email: '', firstName: '', lastName: '', role: 'teacher' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
      firstName: (v) => (v.trim() ? null : t('validation.required')),
      role: (v) => (v ? null : t('validation.required')),
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      const member = await staffApi.invite({
        email: v.email.trim(),
        firstName: v.firstName.trim(),
        lastName: v.lastName.trim(),
        role: v.role as StaffRole,
      });
      await queryClient.invalidateQueries({ queryKey: staffKey });
      notifySuccess(t('staff.invited', { email: member.email }));
      form.reset();
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('staff.invite')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('staff.inviteIntro')}
          </Text>
          <TextInput label={t('fields.email')} type="email" required data-autofocus autoComplete="off" {...form.getInputProps('email')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.firstName')} required autoComplete="off" {...form.getInputProps('firstName')} />
            <TextInput label={t('fields.lastName')} autoComplete="off" {...form.getInputProps('lastName')} />
          </SimpleGrid>
          <Select label={t('fields.role')} data={roles} allowDeselect={false} required {...form.getInputProps('role')} />
          <FormActions onCancel={onClose} submitLabel={t('staff.sendInvite')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

function EditModal({ member, onClose }: { member: StaffMemberDto; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoleOptions();
  const form = useForm<{ firstName: string; lastName: string; role: string | null }>({
    initialValues: { firstName: member.firstName, lastName: member.lastName, role: member.role },
    validate: { firstName: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      await staffApi.update(member.id, {
        firstName: v.firstName.trim(),
        lastName: v.lastName.trim(),
        ...(v.role && v.role !== member.role ? { role: v.role as StaffRole } : {}),
      });
      await queryClient.invalidateQueries({ queryKey: staffKey });
      notifySuccess(t('common.saved'));
      onClose();
    } catch (error) {
      applyApiError(form, error, t);
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('staff.editTitle', { name: fullName(member) })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.firstName')} required {...form.getInputProps('firstName')} />
            <TextInput label={t('fields.lastName')} {...form.getInputProps('lastName')} />
          </SimpleGrid>
          <Select label={t('fields.role')} data={roles} allowDeselect={false} {...form.getInputProps('role')} />
          <FormActions onCancel={onClose} submitLabel={t('common.save')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

export function StaffPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const session = useStaffSession();
  const canWrite = useCan('staff:write');
  const studio = useStudio(useCan('studio:read'));
  const [params, setParams] = useSearchParams();
  const staff = useQuery({ queryKey: staffKey, queryFn: staffApi.list, select: (d) => d.items });
  const [editing, setEditing] = useState<StaffMemberDto | null>(null);
  const [deactivating, setDeactivating] = useState<StaffMemberDto | null>(null);
  const [busy, setBusy] = useState(false);
  const inviting = params.get('invite') === '1';
  const setInviting = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set('invite', '1');
    else next.delete('invite');
    setParams(next, { replace: true });
  };

  const act = async (action: () => Promise<StaffMemberDto>, message: string) => {
    setBusy(true);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: staffKey });
      notifySuccess(message);
      setDeactivating(null);
    } catch (error) {
      notifyError(error, t);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<StaffMemberDto>[] = [
    {
      key: 'name',
      header: t('fields.name'),
      primary: true,
      render: (m) => (
        <span>
          {fullName(m)}
          {m.id === session.user.id ? (
            <Text span c="dimmed" size="sm">
              {' '}
              ({t('staff.you')})
            </Text>
          ) : null}
        </span>
      ),
    },
    { key: 'email', header: t('fields.email'), render: (m) => m.email },
    { key: 'role', nowrap: true, header: t('fields.role'), render: (m) => t(`roles.${m.role}`) },
    {
      key: 'status',
      nowrap: true,
      header: t('fields.status'),
      render: (m) => (
        <Badge variant="dot" color={statusColor[m.status]}>
          {t(`staffStatus.${m.status}`)}
        </Badge>
      ),
    },
    {
      key: 'lastLogin',
      nowrap: true,
      header: t('staff.lastLogin'),
      render: (m) => (m.lastLoginAt ? formatInZone(m.lastLoginAt, studio.data?.timeZone) : t('staff.never')),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('staff.title')}
        description={t('staff.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus />} onClick={() => setInviting(true)}>
              {t('staff.invite')}
            </Button>
          ) : null
        }
      />
      <QueryState isPending={staff.isPending} error={staff.error} onRetry={() => void staff.refetch()} />
      {staff.data ? (
        <DataTable
          rows={staff.data}
          columns={columns}
          rowKey={(m) => m.id}
          label={t('staff.title')}
          testId="staff-list"
          actionsLabel={t('common.actions')}
          actions={
            canWrite
              ? (m) =>
                  m.id === session.user.id ? null : (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('staff.actionsFor', { name: fullName(m) })}>
                          <IconDots />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEditing(m)}>{t('staff.editRole')}</Menu.Item>
                        {m.status === 'invited' ? (
                          <Menu.Item onClick={() => void act(() => staffApi.resendInvite(m.id), t('staff.inviteResent', { email: m.email }))}>
                            {t('staff.resendInvite')}
                          </Menu.Item>
                        ) : null}
                        {m.status === 'deactivated' ? (
                          <Menu.Item onClick={() => void act(() => staffApi.reactivate(m.id), t('staff.reactivated', { name: fullName(m) }))}>
                            {t('staff.reactivate')}
                          </Menu.Item>
                        ) : (
                          <Menu.Item color="red" onClick={() => setDeactivating(m)}>
                            {t('staff.deactivate')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  )
              : undefined
          }
        />
      ) : null}
      <InviteModal opened={inviting} onClose={() => setInviting(false)} />
      {editing ? <EditModal member={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        opened={!!deactivating}
        title={t('staff.deactivate')}
        message={t('staff.deactivateConfirm', { name: deactivating ? fullName(deactivating) : '' })}
        confirmLabel={t('staff.deactivate')}
        danger
        loading={busy}
        onConfirm={() => deactivating && void act(() => staffApi.deactivate(deactivating.id), t('staff.deactivated', { name: fullName(deactivating) }))}
        onClose={() => setDeactivating(null)}
      />
    </>
  );
}
