import { Route, Routes } from 'react-router';
import { AccountPage } from './AccountPage.tsx';
import { CheckoutPage } from './CheckoutPage.tsx';
import { PlansPage } from './PlansPage.tsx';
import { ClassPage } from './ClassPage.tsx';
import { SchedulePage } from './SchedulePage.tsx';
import { SeriesPage } from '../../features/public-schedule/SeriesPage.tsx';
import { CustomerAcceptInvitePage, CustomerForgotPasswordPage, CustomerResetPasswordPage } from './PasswordPages.tsx';
import { LandingPage } from './LandingPage.tsx';
import { PublicLayout, PublicNotFound } from './PublicLayout.tsx';
import { SignInPage } from './SignInPage.tsx';
import { SignUpPage } from './SignUpPage.tsx';
import { WaiverSignPage } from './WaiverSignPage.tsx';

/** The customer pages of one studio (`/s/:slug/…`); no staff code is imported here. */
export default function BookApp() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="signup" element={<SignUpPage />} />
        <Route path="login" element={<SignInPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="waivers/sign" element={<WaiverSignPage />} />
        <Route path="schedule" element={<SchedulePage />} />
        <Route path="plans" element={<PlansPage />} />
        <Route path="checkout/:planId" element={<CheckoutPage />} />
        <Route path="classes/:id" element={<ClassPage />} />
        <Route path="series/:id" element={<SeriesPage />} />
        <Route path="forgot-password" element={<CustomerForgotPasswordPage />} />
        <Route path="reset-password" element={<CustomerResetPasswordPage />} />
        <Route path="accept-invite" element={<CustomerAcceptInvitePage />} />
        <Route path="*" element={<PublicNotFound />} />
      </Route>
    </Routes>
  );
}
