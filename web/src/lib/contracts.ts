/**
 * The API's shapes, inferred from the server's zod contracts. Types only: nothing from the
 * server is bundled into the web app. Requests use `z.input` (defaults are optional to send),
 * responses use `z.infer` (what the server's response schema guarantees).
 */
import type { z } from 'zod';
import type {
  LocationDto,
  PublicStudioDto,
  RoomDto,
  StudioDto,
  createLocationSchema,
  createRoomSchema,
  updateLocationSchema,
  updateRoomSchema,
  updateStudioSchema,
  timeZoneListSchema,
} from '../../../src/modules/studios/contracts.ts';
import type {
  ApiKeyDto,
  SessionInfo,
  StaffMemberDto,
  acceptInviteSchema,
  changeLocaleSchema,
  confirmResetSchema,
  createApiKeySchema,
  createdApiKeySchema,
  customerLoginSchema,
  inviteStaffSchema,
  requestResetSchema,
  staffLoginSchema,
  updateStaffSchema,
} from '../../../src/modules/identity/contracts.ts';
import type {
  ActivityItemDto,
  CustomerDto,
  createCustomerSchema,
  customerSignupSchema,
  updateCustomerSchema,
  updateOwnProfileSchema,
} from '../../../src/modules/customers/contracts.ts';
import type { Locale, Problem, staffRoleSchema } from '../../../src/platform/http/contracts.ts';
import type { SentMessageDto } from '../../../src/platform/email/contracts.ts';

export type { ActivityItemDto, ApiKeyDto, CustomerDto, Locale, LocationDto, Problem, PublicStudioDto, RoomDto };
export type { SessionInfo, StaffMemberDto, StudioDto };

export type StaffRole = z.infer<typeof staffRoleSchema>;
export type StaffLogin = z.input<typeof staffLoginSchema>;
export type CustomerLogin = z.input<typeof customerLoginSchema>;
export type AcceptInvite = z.input<typeof acceptInviteSchema>;
export type RequestReset = z.input<typeof requestResetSchema>;
export type ConfirmReset = z.input<typeof confirmResetSchema>;
export type ChangeLocale = z.input<typeof changeLocaleSchema>;
export type InviteStaff = z.input<typeof inviteStaffSchema>;
export type UpdateStaff = z.input<typeof updateStaffSchema>;
export type CreateApiKey = z.input<typeof createApiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
export type UpdateStudio = z.input<typeof updateStudioSchema>;
export type CreateLocation = z.input<typeof createLocationSchema>;
export type UpdateLocation = z.input<typeof updateLocationSchema>;
export type CreateRoom = z.input<typeof createRoomSchema>;
export type UpdateRoom = z.input<typeof updateRoomSchema>;
export type TimeZoneList = z.infer<typeof timeZoneListSchema>;
export type CreateCustomer = z.input<typeof createCustomerSchema>;
export type UpdateCustomer = z.input<typeof updateCustomerSchema>;
export type UpdateOwnProfile = z.input<typeof updateOwnProfileSchema>;
export type CustomerSignup = z.input<typeof customerSignupSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface CustomerPage extends Page<CustomerDto> {
  total?: number;
}
export interface Items<T> {
  items: T[];
}
export interface Ok {
  ok: true;
}

export type { SentMessageDto };
