import { ColorInput, Modal, NumberInput, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../../app/ui/FormActions.tsx';
import { isApiError } from '../../lib/api.ts';
import { applyApiError, notifySuccess } from '../../lib/errors.ts';
import { currencyDigits, fromMinorUnits, toMinorUnits } from '../../lib/format.ts';
import { templatesApi, templatesKey, type TemplateDto } from './api.ts';
import { ImagePicker } from './ImagePicker.tsx';

interface Values {
  name: string;
  category: string;
  description: string;
  welcomeMessage: string;
  defaultDurationMin: number | string;
  defaultCapacity: number | string;
  price: number | string;
  color: string;
}

/** Colours that read well as calendar blocks with white text. */
export const templateSwatches = ['#4c6ef5', '#12b886', '#fa5252', '#fd7e14', '#be4bdb', '#15aabf', '#82c91e', '#495057'];

const valuesOf = (t: TemplateDto | null, currency: string): Values => ({
  name: t?.name ?? '',
  category: t?.category ?? '',
  description: t?.description ?? '',
  welcomeMessage: t?.welcomeMessage ?? '',
  defaultDurationMin: t?.defaultDurationMin ?? 60,
  defaultCapacity: t?.defaultCapacity ?? 20,
  price: t ? (fromMinorUnits(t.priceMinor, currency) as number) : 0,
  color: t?.color ?? templateSwatches[0]!,
});

interface Props {
  template: TemplateDto | null;
  currency: string;
  onClose: () => void;
}

/** Creates or edits a class template, banner included (uploaded once the template is saved). */
export function TemplateModal({ template, currency, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const digits = currencyDigits(currency);
  // Once created, further saves update it (e.g. after a banner the server refused).
  const [saved, setSaved] = useState<TemplateDto | null>(template);
  const [banner, setBanner] = useState<File | null | undefined>(undefined);
  const [bannerError, setBannerError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: valuesOf(template, currency),
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      defaultDurationMin: (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 20_160 ? null : t('classTemplates.validation.duration')),
      defaultCapacity: (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 10_000 ? null : t('validation.capacity')),
      price: (v) => (v !== '' && Number(v) >= 0 ? null : t('classTemplates.validation.price')),
      color: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? null : t('classTemplates.validation.color')),
    },
  });

  const submit = form.onSubmit(async (values) => {
    const body = {
      name: values.name.trim(),
      category: values.category.trim(),
      description: values.description.trim(),
      welcomeMessage: values.welcomeMessage.trim(),
      defaultDurationMin: Number(values.defaultDurationMin),
      defaultCapacity: Number(values.defaultCapacity),
      priceMinor: toMinorUnits(values.price, currency) ?? 0,
      color: values.color.toLowerCase(),
    };
    let current: TemplateDto;
    try {
      current = saved ? await templatesApi.update(saved.id, body) : await templatesApi.create(body);
      setSaved(current);
    } catch (error) {
      applyApiError(form, error, t, { priceMinor: 'price' });
      return;
    }
    try {
      if (banner) await templatesApi.uploadBanner(current.id, banner);
      else if (banner === null) await templatesApi.deleteBanner(current.id);
    } catch (error) {
      await queryClient.invalidateQueries({ queryKey: templatesKey });
      setBannerError(isApiError(error) && error.code === 'invalid_image' ? t('classTemplates.image.invalid') : t('errors.generic'));
      return;
    }
    await queryClient.invalidateQueries({ queryKey: templatesKey });
    notifySuccess(template ? t('common.saved') : t('classTemplates.created', { name: body.name }));
    onClose();
  });

  return (
    <Modal opened onClose={onClose} title={template ? t('classTemplates.edit') : t('classTemplates.new')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('classTemplates.fields.name')} required data-autofocus maxLength={120} {...form.getInputProps('name')} />
          <TextInput
            label={t('classTemplates.fields.category')}
            description={t('classTemplates.fields.categoryHelp')}
            maxLength={80}
            {...form.getInputProps('category')}
          />
          <Textarea label={t('classTemplates.fields.description')} autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
          <Textarea
            label={t('classTemplates.fields.welcomeMessage')}
            description={t('classTemplates.fields.welcomeHelp')}
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('welcomeMessage')}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <NumberInput
              label={t('classTemplates.fields.duration')}
              suffix={` ${t('classTemplates.minutesShort')}`}
              min={1}
              max={20_160}
              allowDecimal={false}
              required
              {...form.getInputProps('defaultDurationMin')}
            />
            <NumberInput label={t('classTemplates.fields.capacity')} min={1} max={10_000} allowDecimal={false} required {...form.getInputProps('defaultCapacity')} />
            <NumberInput
              label={t('classTemplates.fields.price')}
              suffix={` ${currency}`}
              min={0}
              decimalScale={digits}
              fixedDecimalScale={digits > 0}
              allowNegative={false}
              {...form.getInputProps('price')}
            />
          </SimpleGrid>
          <ColorInput
            label={t('classTemplates.fields.color')}
            format="hex"
            swatches={templateSwatches}
            swatchesPerRow={8}
            eyeDropperButtonProps={{ 'aria-label': t('classTemplates.pickFromScreen') }}
            {...form.getInputProps('color')}
          />
          <ImagePicker
            label={t('classTemplates.fields.banner')}
            shape="banner"
            currentUrl={saved?.bannerUrl ?? null}
            pending={banner}
            onChange={(file) => {
              setBanner(file);
              setBannerError(null);
            }}
            error={bannerError}
            onError={setBannerError}
          />
          <FormActions onCancel={onClose} submitLabel={template ? t('common.save') : t('classTemplates.create')} loading={form.submitting} />
        </Stack>
      </form>
    </Modal>
  );
}
