import { Avatar, Badge, Button, Group, Modal, Paper, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { PageHeader } from '../../app/ui/PageHeader.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { isApiError } from '../../lib/api.ts';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { fullName } from '../../lib/format.ts';
import { useCan, useStaffSession } from '../../routes/staff/session.tsx';
import { ImagePicker } from '../class-templates/ImagePicker.tsx';
import { teachersApi, teachersKey, useTeacherList, type TeacherDto } from './api.ts';

const initials = (t: TeacherDto) => (t.firstName[0] ?? '') + (t.lastName[0] ?? '');

function TeacherModal({ teacher, onClose }: { teacher: TeacherDto; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [photo, setPhoto] = useState<File | null | undefined>(undefined);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const form = useForm({ initialValues: { bio: teacher.bio } });

  const submit = form.onSubmit(async (values) => {
    try {
      await teachersApi.update(teacher.userId, { bio: values.bio.trim() });
    } catch (error) {
      applyApiError(form, error, t);
      return;
    }
    try {
      if (photo) await teachersApi.uploadPhoto(teacher.userId, photo);
      else if (photo === null) await teachersApi.deletePhoto(teacher.userId);
    } catch (error) {
      await queryClient.invalidateQueries({ queryKey: teachersKey });
      setPhotoError(isApiError(error) && error.code === 'invalid_image' ? t('classTemplates.image.invalid') : t('errors.generic'));
      return;
    }
    await queryClient.invalidateQueries({ queryKey: teachersKey });
    notifySuccess(t('common.saved'));
    onClose();
  });

  return (
    <Modal opened onClose={onClose} title={t('teachers.editNamed', { name: fullName(teacher) })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ImagePicker
            label={t('teachers.photo')}
            shape="portrait"
            currentUrl={teacher.photoUrl}
            pending={photo}
            onChange={(file) => {
              setPhoto(file);
              setPhotoError(null);
            }}
            error={photoError}
            onError={setPhotoError}
          />
          <Textarea
            label={t('teachers.bio')}
            description={t('teachers.bioHelp')}
            autosize
            minRows={4}
            maxRows={12}
            maxLength={5_000}
            data-autofocus
            {...form.getInputProps('bio')}
          />
          <FormActions onCancel={onClose} submitLabel={t('common.save')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Settings › Teachers: every staff member who can teach, with the bio and photo class pages show. */
export function TeachersPage() {
  const { t } = useTranslation();
  const session = useStaffSession();
  const canWrite = useCan('schedule:write');
  const teachers = useTeacherList();
  const [editing, setEditing] = useState<TeacherDto | null>(null);
  const [showFormer, setShowFormer] = useState(false);
  const all = teachers.data ?? [];
  const former = all.filter((x) => !x.active).length;
  const visible = all.filter((x) => showFormer || x.active);

  return (
    <>
      <PageHeader title={t('teachers.title')} description={t('teachers.description')} />
      <QueryState isPending={teachers.isPending} error={teachers.error} onRetry={() => void teachers.refetch()} />
      {former > 0 ? (
        <Switch mb="md" label={t('teachers.showFormer', { count: former })} checked={showFormer} onChange={(e) => setShowFormer(e.currentTarget.checked)} />
      ) : null}
      <Stack gap="sm" role="list" aria-label={t('teachers.title')}>
        {visible.map((x) => {
          const mayEdit = canWrite || x.userId === session.user.id;
          return (
            <Paper key={x.userId} withBorder p="md" radius="md" role="listitem" data-testid="teacher-card">
              <Group wrap="nowrap" align="flex-start" gap="md">
                <Avatar src={x.photoUrl} alt="" size={56} radius="xl" color="brand">
                  {initials(x)}
                </Avatar>
                <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
                    <Group gap={6} style={{ minWidth: 0 }}>
                      <Text fw={600} className="enso-break">
                        {fullName(x)}
                      </Text>
                      <Badge variant="light" size="sm" color="gray">
                        {t(`roles.${x.role}`, { defaultValue: x.role })}
                      </Badge>
                      {!x.active ? (
                        <Badge variant="dot" size="sm" color="gray">
                          {t('teachers.deactivated')}
                        </Badge>
                      ) : null}
                    </Group>
                    {mayEdit ? (
                      <Button size="compact-sm" variant="subtle" onClick={() => setEditing(x)} aria-label={t('teachers.editNamed', { name: fullName(x) })}>
                        {t('common.edit')}
                      </Button>
                    ) : null}
                  </Group>
                  <Text size="sm" c={x.bio ? undefined : 'dimmed'} lineClamp={3} className="enso-break" style={{ whiteSpace: 'pre-line' }}>
                    {x.bio || t('teachers.noBio')}
                  </Text>
                </Stack>
              </Group>
            </Paper>
          );
        })}
      </Stack>
      {editing ? <TeacherModal key={editing.userId} teacher={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
