import { api } from '../../../lib/api.ts';
import type { RegistrationDto, RegistrationInput, registrationResultSchema } from '../../../../../src/modules/booking/contracts.ts';
import type { z } from 'zod';

export type { RegistrationDto, RegistrationInput } from '../../../../../src/modules/booking/contracts.ts';
export type RegistrationResultDto = z.infer<typeof registrationResultSchema>;

const enc = encodeURIComponent;

/** Semester and course registrations: one purchase books every class of the series still to come. */
export const registrationsApi = {
  /** The signed-in customer registers (the same key on a retry returns the first answer). */
  registerOwn: (slug: string, body: RegistrationInput, idempotencyKey: string) =>
    api.post<RegistrationResultDto>(`/api/public/v1/studios/${enc(slug)}/me/registrations`, body, { 'idempotency-key': idempotencyKey }),
  /** Staff register a customer. */
  register: (body: RegistrationInput, idempotencyKey: string) => api.post<RegistrationResultDto>('/api/v1/registrations', body, { 'idempotency-key': idempotencyKey }),
  get: (id: string) => api.get<RegistrationDto>(`/api/v1/registrations/${enc(id)}`),
  /** Cancels the classes still to come; their share of the price goes back to the payer as prepaid credit. */
  cancel: (id: string) => api.post<RegistrationDto>(`/api/v1/registrations/${enc(id)}/cancel`),
};

/** Kinds of series sold as a whole. */
export const isRegistrable = (kind: string) => kind === 'semester' || kind === 'course';
