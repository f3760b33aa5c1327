import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { AuthLayout } from './auth/AuthLayout.tsx';
import { ForgotPasswordPage } from './auth/ForgotPasswordPage.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import { SetPasswordPage } from './auth/SetPasswordPage.tsx';
import { ApiKeysPage } from './settings/ApiKeysPage.tsx';
import { CustomerProfilePage } from './customers/CustomerProfilePage.tsx';
import { CustomersPage } from './customers/CustomersPage.tsx';
import { ImportCustomersPage } from '../../features/imports/ImportCustomersPage.tsx';
import { FieldsSettingsPage } from '../../features/crm/FieldsSettingsPage.tsx';
import { TagsSettingsPage } from '../../features/crm/TagsSettingsPage.tsx';
import { DashboardPage } from './DashboardPage.tsx';
import { LocationsPage } from './settings/LocationsPage.tsx';
import { MessagesPage } from './MessagesPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequirePermission, RequireSession } from './RequireSession.tsx';
import { useCan } from './session.tsx';
import { StaffShell } from './StaffShell.tsx';
import { StaffPage } from './settings/StaffPage.tsx';
import { StudioSettingsPage } from './settings/StudioSettingsPage.tsx';
import { ReferralSettingsPage } from '../../features/family/ReferralSettingsPage.tsx';
import { SignInPersonPage } from '../../features/waivers/SignInPersonPage.tsx';
import { WaiversSettingsPage } from '../../features/waivers/WaiversSettingsPage.tsx';
import { NewClassPage } from '../../features/schedule/NewClassPage.tsx';
import { SchedulePage } from '../../features/schedule/SchedulePage.tsx';
import { AddToWebsitePage } from '../../features/embed/AddToWebsitePage.tsx';
import { ClassTemplatesPage } from '../../features/class-templates/ClassTemplatesPage.tsx';
import { TeachersPage } from '../../features/teachers/TeachersPage.tsx';
import { OnlineClassesSettingsPage } from '../../features/video/OnlineClassesSettingsPage.tsx';
import { CalendarFeedsSettingsPage } from '../../features/calendar-feeds/CalendarFeedsSettingsPage.tsx';
import { PlansPage } from '../../features/plans/PlansPage.tsx';
import { ProductsPage } from '../../features/products/ProductsPage.tsx';
import { GiftCardsPage } from '../../features/gift-cards/GiftCardsPage.tsx';
import { DiscountCodesPage } from '../../features/discount-codes/DiscountCodesPage.tsx';
import { PosPage } from '../../features/pos/PosPage.tsx';
import { SalesPage } from '../../features/orders/SalesPage.tsx';
import { PaymentSettingsPage } from '../../features/payment-settings/PaymentSettingsPage.tsx';
import { StaffPolicyPage } from '../../features/booking/staff/StaffPolicyPage.tsx';
import { StaffPenaltyRulesPage } from '../../features/booking/staff/StaffPenaltyRulesPage.tsx';
import { MessageTemplatesPage } from '../../features/messaging/templates/MessageTemplatesPage.tsx';
import { SmsSettingsPage } from '../../features/messaging/sms-settings/SmsSettingsPage.tsx';
import { MessageTemplateEditorPage } from '../../features/messaging/templates/MessageTemplateEditorPage.tsx';
import { InboxPage } from '../../features/messaging/inbox/InboxPage.tsx';
import { GroupSendsPage } from '../../features/messaging/sends/GroupSendsPage.tsx';

function Guarded() {
  const canCustomers = useCan('customers:read');
  const canImport = useCan('customers:import');
  const canStudio = useCan('studio:write');
  const canLocations = useCan('locations:read');
  const canStaff = useCan('staff:read');
  const canKeys = useCan('api_keys:manage');
  const canMessages = useCan('messages:read');
  const canInbox = useCan('messages:inbox');
  const canGroupSends = useCan('messages:send');
  const canCustomerSettings = useCan('customers:settings');
  const canManageWaivers = useCan('waivers:manage');
  const canSignWaivers = useCan('waivers:write');
  const canCrmSettings = useCan('customers:settings');
  const canSchedule = useCan('schedule:read');
  const canWriteSchedule = useCan('schedule:write');
  const canScheduleSettings = useCan('schedule:settings');
  const canPlans = useCan('memberships:read');
  const canCommerce = useCan('commerce:read');
  const canSell = useCan('commerce:sell');
  const canSales = useCan('commerce:read');
  const canPayments = useCan('payments:settings');
  const canBookingSettings = useCan('booking:settings');
  const canMessageTemplates = useCan('messages:templates');
  const canMessagingSettings = useCan('messages:settings');
  const gate = (allowed: boolean, element: ReactNode) => <RequirePermission allowed={allowed}>{element}</RequirePermission>;
  return (
    <Routes>
      {/* Full screen: the device is handed to the customer, with no navigation around the text. */}
      <Route path="customers/:id/waivers/:waiverId/sign" element={gate(canSignWaivers, <SignInPersonPage />)} />
      <Route element={<StaffShell />}>
        <Route index element={<DashboardPage />} />
        <Route path="schedule" element={gate(canSchedule, <SchedulePage />)} />
        <Route path="schedule/new" element={gate(canWriteSchedule, <NewClassPage />)} />
        <Route path="customers" element={gate(canCustomers, <CustomersPage />)} />
        <Route path="pos" element={gate(canSell, <PosPage />)} />
        <Route path="sales" element={gate(canSales, <SalesPage />)} />
        <Route path="customers/import" element={gate(canImport, <ImportCustomersPage />)} />
        <Route path="customers/:id" element={gate(canCustomers, <CustomerProfilePage />)} />
        <Route path="settings/studio" element={gate(canStudio, <StudioSettingsPage />)} />
        <Route path="settings/locations" element={gate(canLocations, <LocationsPage />)} />
        <Route path="settings/class-templates" element={gate(canSchedule, <ClassTemplatesPage />)} />
        <Route path="settings/plans" element={gate(canPlans, <PlansPage />)} />
        <Route path="settings/products" element={gate(canCommerce, <ProductsPage />)} />
        <Route path="settings/gift-cards" element={gate(canCommerce, <GiftCardsPage />)} />
        <Route path="settings/discount-codes" element={gate(canCommerce, <DiscountCodesPage />)} />
        <Route path="settings/payments" element={gate(canPayments, <PaymentSettingsPage />)} />
        <Route path="settings/cancellation-policy" element={gate(canBookingSettings, <StaffPolicyPage />)} />
        <Route path="settings/penalty-rules" element={gate(canBookingSettings, <StaffPenaltyRulesPage />)} />
        <Route path="settings/teachers" element={gate(canSchedule, <TeachersPage />)} />
        <Route path="settings/staff" element={gate(canStaff, <StaffPage />)} />
        <Route path="settings/api-keys" element={gate(canKeys, <ApiKeysPage />)} />
        <Route path="settings/referrals" element={gate(canCustomerSettings, <ReferralSettingsPage />)} />
        <Route path="settings/waivers" element={gate(canManageWaivers, <WaiversSettingsPage />)} />
        <Route path="settings/custom-fields" element={gate(canCrmSettings, <FieldsSettingsPage />)} />
        <Route path="settings/tags" element={gate(canCrmSettings, <TagsSettingsPage />)} />
        <Route path="settings/online-classes" element={gate(canScheduleSettings, <OnlineClassesSettingsPage />)} />
        <Route path="settings/calendar-feeds" element={gate(canSchedule, <CalendarFeedsSettingsPage />)} />
        <Route path="settings/website" element={gate(canScheduleSettings, <AddToWebsitePage />)} />
        <Route path="settings/message-templates" element={gate(canMessageTemplates, <MessageTemplatesPage />)} />
        <Route path="settings/message-templates/:key/:locale" element={gate(canMessageTemplates, <MessageTemplateEditorPage />)} />
        <Route path="settings/sms" element={gate(canMessagingSettings, <SmsSettingsPage />)} />
        <Route path="messages" element={gate(canMessages, <MessagesPage />)} />
        <Route path="inbox" element={gate(canInbox, <InboxPage />)} />
        <Route path="messages/sends" element={gate(canGroupSends, <GroupSendsPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** The staff dashboard's route tree (`/`). */
export default function StaffApp() {
  return (
    <Routes>
      <Route element={<AuthLayout />}>
        <Route path="login" element={<LoginPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<SetPasswordPage mode="reset" />} />
        <Route path="accept-invite" element={<SetPasswordPage mode="invite" />} />
      </Route>
      <Route
        path="*"
        element={
          <RequireSession>
            <Guarded />
          </RequireSession>
        }
      />
    </Routes>
  );
}
