import { DomainError, type FieldError } from '../../../kernel/errors.ts';

export type SmsSettingsErrorCode = 'invalid_sms_settings';

/** Settings › SMS & phone refused: an unknown tier or a forwarding number that is not international. */
export class SmsSettingsError extends DomainError<SmsSettingsErrorCode> {
  override readonly name = 'SmsSettingsError';
  constructor(message: string, fields: FieldError[]) {
    super('invalid', 'invalid_sms_settings', message, fields);
  }
}
