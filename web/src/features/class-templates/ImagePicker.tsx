import { Button, FileButton, Group, Image, Stack, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { imageAccept, isAcceptedImage, maxImageBytes } from './api.ts';

interface Props {
  label: string;
  /** The image saved now (its URL), or null. */
  currentUrl: string | null;
  /** A file chosen but not yet saved; `null` after "Remove" means: remove on save. */
  pending: File | null | undefined;
  onChange: (file: File | null | undefined) => void;
  error?: string | null;
  onError: (message: string | null) => void;
  /** Wide banner or round portrait. */
  shape: 'banner' | 'portrait';
}

/**
 * Chooses an image to upload on save, with a preview. `pending` undefined: unchanged; a File:
 * replace; null: remove. Wrong types and files over 2 MB are refused here, before any upload.
 */
export function ImagePicker({ label, currentUrl, pending, onChange, error, onError, shape }: Props) {
  const { t } = useTranslation();
  const previewUrl = useMemo(() => (pending ? URL.createObjectURL(pending) : null), [pending]);
  useEffect(() => () => (previewUrl ? URL.revokeObjectURL(previewUrl) : undefined), [previewUrl]);
  const shown = pending === undefined ? currentUrl : previewUrl;

  const choose = (file: File | null) => {
    if (!file) return;
    if (!isAcceptedImage(file)) return onError(t('classTemplates.image.wrongType'));
    if (file.size > maxImageBytes) return onError(t('classTemplates.image.tooLarge'));
    onError(null);
    onChange(file);
  };

  return (
    <Stack gap={6}>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      {shown ? (
        <Image
          src={shown}
          alt={t('classTemplates.image.preview', { label })}
          radius={shape === 'portrait' ? 999 : 'md'}
          h={shape === 'portrait' ? 96 : 120}
          w={shape === 'portrait' ? 96 : '100%'}
          fit="cover"
          data-testid="image-preview"
        />
      ) : (
        <Text size="sm" c="dimmed">
          {t('classTemplates.image.none')}
        </Text>
      )}
      <Group gap="xs">
        <FileButton onChange={choose} accept={imageAccept}>
          {(props) => (
            <Button variant="light" size="xs" {...props}>
              {shown ? t('classTemplates.image.replace') : t('classTemplates.image.choose')}
            </Button>
          )}
        </FileButton>
        {shown ? (
          <Button variant="subtle" color="red" size="xs" onClick={() => onChange(currentUrl ? null : undefined)}>
            {t('classTemplates.image.remove')}
          </Button>
        ) : null}
      </Group>
      <Text size="xs" c={error ? 'red' : 'dimmed'} role={error ? 'alert' : undefined}>
        {error ?? t('classTemplates.image.help')}
      </Text>
    </Stack>
  );
}
