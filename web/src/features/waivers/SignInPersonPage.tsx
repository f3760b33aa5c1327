import { Alert, Anchor, Box, Button, Checkbox, Container, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { IconArrowLeft } from '../../app/ui/icons.tsx';
import { QueryState } from '../../app/ui/QueryState.tsx';
import { notifySuccess } from '../../lib/errors.ts';
import { fullName } from '../../lib/format.ts';
import { customerKey, customersApi } from '../customers/api.ts';
import { customerWaiversKey, waiverKey, waiversApi } from './api.ts';
import { waiverErrorMessage } from './errors.ts';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad.tsx';
import { WaiverText } from './WaiverText.tsx';

/**
 * The tablet page: staff hand the device over, the customer (or the parent, for a child) reads
 * the text, draws their signature and types their name. No navigation around it.
 */
export function SignInPersonPage() {
  const { t } = useTranslation();
  const { id = '', waiverId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pad = useRef<SignaturePadHandle | null>(null);
  const customer = useQuery({ queryKey: customerKey(id), queryFn: () => customersApi.get(id) });
  const parentId = customer.data?.parentId ?? null;
  const parent = useQuery({ queryKey: customerKey(parentId ?? ''), queryFn: () => customersApi.get(parentId!), enabled: parentId !== null });
  const waiver = useQuery({ queryKey: waiverKey(waiverId), queryFn: () => waiversApi.get(waiverId) });
  const [name, setName] = useState('');
  const [agree, setAgree] = useState(false);
  const [empty, setEmpty] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const signer = parentId ? parent.data : customer.data;

  // Only the first suggestion: what the signer types afterwards is theirs.
  const suggested = useRef(false);
  useEffect(() => {
    if (signer && !suggested.current) {
      suggested.current = true;
      setName(fullName(signer));
    }
  }, [signer]);

  useEffect(() => {
    if (waiver.data) document.title = `${waiver.data.title} · ${t('waivers.inPerson.title')}`;
  }, [waiver.data, t]);

  const sign = async () => {
    setError(null);
    if (!waiver.data) return;
    if (!agree) return setError(t('waivers.sign.agreeRequired'));
    if (pad.current?.isEmpty() ?? true) return setError(t('waivers.inPerson.drawFirst'));
    if (!name.trim()) return setError(t('validation.required'));
    setSaving(true);
    try {
      await waiversApi.signInPerson(id, { waiverId, version: waiver.data.currentVersion, signerName: name.trim(), signaturePng: pad.current!.toPng() });
      await queryClient.invalidateQueries({ queryKey: customerWaiversKey(id) });
      notifySuccess(t('waivers.inPerson.done'));
      void navigate(`/customers/${id}`);
    } catch (err) {
      setError(waiverErrorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  const pending = customer.isPending || waiver.isPending;
  const failure = customer.error ?? waiver.error;
  return (
    <Box component="main" mih="100dvh" py={{ base: 'sm', sm: 'xl' }} px={{ base: 'xs', sm: 'md' }} bg="gray.0">
      <Container size="md" px={0}>
        <Anchor component={Link} to={`/customers/${id}`} size="sm" mb="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
          <IconArrowLeft size={16} /> {t('waivers.inPerson.back')}
        </Anchor>
        <QueryState isPending={pending} error={failure} onRetry={() => void Promise.all([customer.refetch(), waiver.refetch()])} />
        {customer.data && waiver.data ? (
          <Paper withBorder radius="lg" p={{ base: 'sm', sm: 'xl' }}>
            <Stack gap="md">
              <div>
                <Title order={1} fz={{ base: 22, sm: 28 }} className="enso-break">
                  {waiver.data.title}
                </Title>
                <Text c="dimmed">{t('waivers.inPerson.for', { name: fullName(customer.data) })}</Text>
                {parentId ? <Text size="sm">{t('waivers.inPerson.parentSigns')}</Text> : null}
              </div>
              <Paper withBorder radius="md" p="md" bg="white">
                <WaiverText body={waiver.data.body} maxHeight="45vh" label={t('waivers.fields.textOf', { title: waiver.data.title })} />
              </Paper>
              <Checkbox label={t('waivers.sign.agree')} checked={agree} onChange={(e) => setAgree(e.currentTarget.checked)} size="md" />
              <SignaturePad
                ref={pad}
                label={t('waivers.inPerson.pad')}
                hint={t('waivers.inPerson.padHint')}
                clearLabel={t('waivers.inPerson.clear')}
                onChange={setEmpty}
              />
              <TextInput label={t('waivers.inPerson.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="off" size="md" />
              {error ? (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              ) : null}
              <Button size="lg" onClick={() => void sign()} loading={saving} disabled={empty && !error}>
                {t('waivers.inPerson.submit')}
              </Button>
            </Stack>
          </Paper>
        ) : null}
      </Container>
    </Box>
  );
}
