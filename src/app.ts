import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from './kernel/clock.ts';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp, type App } from './platform/http/app.ts';
import { createJobs, type Jobs } from './platform/jobs/index.ts';
import { startCron } from './platform/jobs/cron.ts';
import { createEventDispatcher, type EventDispatcher } from './platform/events/dispatcher.ts';
import { createEmail, type Email } from './platform/email/index.ts';
import { smsProviderOf } from './platform/sms/index.ts';
import { createStorage, type Storage } from './platform/storage/index.ts';
import { healthRoutes } from './platform/http/health.ts';
import { createPayments, stripeCspSources } from './platform/payments/index.ts';
import { createStudiosService, publicStudiosRoutes, studiosRoutes, type StudiosService } from './modules/studios/index.ts';
import {
  configureCookies,
  createIdentityService,
  identityRoutes,
  publicIdentityRoutes,
  type IdentityService,
} from './modules/identity/index.ts';
import {
  createCustomersService,
  customersRoutes,
  publicCustomersRoutes,
  type CustomersService,
} from './modules/customers/index.ts';
import {
  createFieldsService,
  createNotesService,
  createTagsService,
  customerFieldsRoutes,
  customerNotesRoutes,
  customerTagsRoutes,
  createSegmentsService,
  customerSegmentsRoutes,
  type SegmentsService,
  publicCustomerFieldsRoutes,
  type FieldsService,
  type NotesService,
  type TagsService,
} from './modules/customers/index.ts';
import {
  createFamilyService,
  createReferralsService,
  createSubscriptionsService,
  familyRoutes,
  publicFamilyRoutes,
  publicReferralsRoutes,
  publicSubscriptionsRoutes,
  referralsRoutes,
  subscriptionsRoutes,
  type FamilyService,
  type ReferralsService,
  type SubscriptionsService,
} from './modules/customers/index.ts';
import { createWaiversService, publicWaiversRoutes, waiversRoutes, type WaiversService } from './modules/waivers/index.ts';
import { createImportsService, customerImportsRoutes, type ImportsService } from './modules/customers/index.ts';
import { customerVisitsSubscriber } from './modules/customers/index.ts';
import {
  createDocumentsService,
  createRecordsService,
  customerDocumentsRoutes,
  customerRecordsRoutes,
  type DocumentsService,
  type RecordsService,
} from './modules/customers/index.ts';
import { createTemplatesService, publicTemplatesRoutes, templatesRoutes, type TemplatesService } from './modules/schedule/index.ts';
import { createTeachersService, publicTeachersRoutes, teachersRoutes, type TeachersService } from './modules/schedule/index.ts';
import { createScheduleService, scheduleCronEntries, scheduleRoutes, type ScheduleService } from './modules/schedule/index.ts';
import { createPublicScheduleService, publicScheduleRoutes, publicScheduleSettingsRoutes, type PublicScheduleService } from './modules/schedule/index.ts';

import {
  createFeedsService,
  createVideoService,
  feedsRoutes,
  publicFeedsRoutes,
  publicVideoRoutes,
  videoCronEntries,
  videoMeetingsSubscriber,
  videoRoutes,
  type FeedsService,
  type VideoService,
} from './modules/schedule/index.ts';

import { createMembershipsService, createPlansService, createRenewalsService, membershipsCronEntries, membershipsRoutes, publicMembershipsRoutes, type MembershipsService, type PlansService, type RenewalsService } from './modules/memberships/index.ts';

import {
  createCreditsService,
  createDiscountsService,
  createGiftCardsService,
  createProductsService,
  creditsRoutes,
  discountsRoutes,
  giftCardsRoutes,
  productsRoutes,
  publicCreditsRoutes,
  publicGiftCardsRoutes,
  type CreditsService,
  type DiscountsService,
  type GiftCardsService,
  type ProductsService,
} from './modules/commerce/index.ts';
import { commerceCronEntries, commerceRoutes, commerceWebhookRoutes, createCommerceService, publicCommerceRoutes, type CommerceService } from './modules/commerce/index.ts';
import { cardFeeOf, cardsRoutes, createCardsService, publicCardsRoutes, type CardsService } from './modules/commerce/cards/index.ts';
import { bookingSettingsRoutes, createBookingSettingsService, type BookingSettingsService } from './modules/booking/index.ts';
import { bookCronEntries, bookRoutes, createBookService, publicBookRoutes, type BookService } from './modules/booking/index.ts';
import { createPenaltiesService, penaltiesRoutes, penaltiesSubscriber, type PenaltiesService } from './modules/booking/index.ts';
import { createWaitlistService, publicWaitlistRoutes, waitlistCronEntries, waitlistRoutes, type WaitlistService } from './modules/booking/index.ts';
import { attendanceCronEntries, attendanceRoutes, createAttendanceService, type AttendanceService } from './modules/booking/index.ts';
import { createKioskService, createRosterService, createStaffBookingOptionsService, kioskRoutes, rosterRoutes, staffBookingOptionsRoutes, type KioskService, type RosterService } from './modules/booking/index.ts';
import { cancelRoutes, classCancelledSubscriber, createCancelService, publicCancelRoutes, type CancelService } from './modules/booking/index.ts';
import { bookingDataOwner } from './modules/booking/index.ts';
import { createRegistrationsService, publicRegistrationsRoutes, registrationClassesSubscriber, registrationsCronEntries, registrationsRoutes, type RegistrationsService } from './modules/booking/index.ts';
import { bookingNoticesSubscriber, createMessageTemplatesService, createTemplateMailer, customerNoticesSubscriber, expiringCronEntries, registerExpiringNotices, registerClassReminders, remindersCronEntries, membershipNoticesSubscriber, messageTemplatesRoutes, type MessageTemplatesService } from './modules/messaging/index.ts';
import { createInboundSmsService, inboundSmsRoutes, messagingDataOwner } from './modules/messaging/index.ts';
import { createInboxService, inboxRoutes, publicInboxRoutes, inboundEmailRoutes, type InboxService } from './modules/messaging/index.ts';
import { createPhoneService, createSmsService, phoneRoutes, smsSettingsRoutes, type PhoneService, type SmsService } from './modules/messaging/index.ts';
import { createGroupSendsService, groupSendsRoutes, type GroupSendsService } from './modules/messaging/sends/index.ts';
import { createDeliveryService, unsubscribeRoutes } from './modules/messaging/index.ts';

export const webRoot = fileURLToPath(new URL('../dist/web', import.meta.url));

export interface Services {
  studios: StudiosService;
  identity: IdentityService;
  customers: CustomersService;
  customerTags: TagsService;
  customerSegments: SegmentsService;
  customerFields: FieldsService;
  customerNotes: NotesService;
  family: FamilyService;
  subscriptions: SubscriptionsService;
  referrals: ReferralsService;
  waivers: WaiversService;
  customerImports: ImportsService;
  customerDocuments: DocumentsService;
  customerRecords: RecordsService;
  classTemplates: TemplatesService;
  teachers: TeachersService;
  schedule: ScheduleService;
  video: VideoService;
  calendarFeeds: FeedsService;
  publicSchedule: PublicScheduleService;
  plans: PlansService;
  memberships: MembershipsService;
  renewals: RenewalsService;
  products: ProductsService;
  giftCards: GiftCardsService;
  discountCodes: DiscountsService;
  credits: CreditsService;
  commerce: CommerceService;
  cards: CardsService;
  bookingSettings: BookingSettingsService;
  book: BookService;
  penalties: PenaltiesService;
  waitlist: WaitlistService;
  attendance: AttendanceService;
  roster: RosterService;
  kiosk: KioskService;
  bookingCancel: CancelService;
  registrations: RegistrationsService;
  messageTemplates: MessageTemplatesService;
  inbox: InboxService;
  sms: SmsService;
  phone: PhoneService;
  groupSends: GroupSendsService;
  email: Email;
  storage: Storage;
}

/** One running Enso: database, job queue, event dispatcher, services and the HTTP app. */
export interface Enso {
  config: Config;
  database: Database;
  jobs: Jobs;
  dispatcher: EventDispatcher;
  services: Services;
  /** Uploaded files: disk under DATA_DIR/files, or the configured S3 bucket. */
  storage: Storage;
  app: App;
  clock: Clock;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** An already-open database (tests); otherwise opened from the config. */
  database?: Database;
  /** Run job handlers and the event dispatcher in this process. */
  workers?: boolean;
  /** Replaces the file storage chosen from the config (tests). */
  storage?: Storage;
  /** The HTTP rate limit per client address (tests, which all come from one address). */
  requestsPerMinute?: number;
}

/** Opens the database, migrates it, wires every module and returns the app, not yet listening. */
export async function createEnso(config: Config, options: StartOptions = {}): Promise<Enso> {
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize }));
  try {
    if (!options.database) await migrate(database);
    configureCookies({ secure: config.secureCookies });

    const jobs = createJobs(database, { clock });
    const storage = options.storage ?? createStorage({ dataDir: config.dataDir, s3: config.s3 });
    const studios = createStudiosService(database);
    const email = createEmail({
      database,
      jobs,
      clock,
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      smsProvider: smsProviderOf(config.twilio),
      studioTimeZone: async (tx, ctx) => (await studios.getStudio(ctx, tx)).timeZone,
    });
    const messageTemplates = createMessageTemplatesService({ database, studios, publicUrl: config.publicUrl });
    // Transactional messages: the catalogue template (the studio's version, if any), rendered and recorded on the
    // channels the studio chose; SMS through the SMS tier (made further down: it needs identity, which needs this mailer).
    const templateMailer = createTemplateMailer({ templates: messageTemplates, email, sms: () => sms });
    const identity = createIdentityService({ database, studios, clock, publicUrl: config.publicUrl, mailer: templateMailer });
    const customers = createCustomersService({ database, studios, identity, clock });
    const customerTags = createTagsService({ database });
    const customerSegments = createSegmentsService({ database, studios, customers, tags: customerTags });
    const customerFields = createFieldsService({ database, studios, tags: customerTags });
    const customerNotes = createNotesService({ database });
    const customerImports = createImportsService({ database, storage, jobs, clock });
    const family = createFamilyService({ database, customers });
    const subscriptions = createSubscriptionsService({ database });
    const referrals = createReferralsService({ database, studios, publicUrl: config.publicUrl });
    const waivers = createWaiversService({ database, jobs, mailer: templateMailer, studios, customers, publicUrl: config.publicUrl, clock });
    const customerDocuments = createDocumentsService({ database, storage });
    const customerRecords = createRecordsService({ database, storage, identity, studios, customers });
    const classTemplates = createTemplatesService({ database, storage, studios, clock });
    const teachers = createTeachersService({ database, storage, studios, clock });
    const schedule = createScheduleService({ database, studios, jobs, publicUrl: config.publicUrl });
    const video = createVideoService({ database, jobs, customers, zoom: config.zoom, clock });
    const calendarFeeds = createFeedsService({ database, studios, publicUrl: config.publicUrl, clock });
    const publicSchedule = createPublicScheduleService({ database, studios, teachers, clock, publicUrl: config.publicUrl });
    const plans = createPlansService({ database, studios, clock });
    const memberships = createMembershipsService({ database, studios, waivers, customers, jobs, clock });
    const renewals = createRenewalsService({ database, jobs, memberships });
    const credits = createCreditsService({ database, studios, customers });
    const products = createProductsService({ database, studios });
    const giftCards = createGiftCardsService({ database, studios, customers, credits, mailer: templateMailer, publicUrl: config.publicUrl });
    const discountCodes = createDiscountsService({ database, studios });
    const payments = createPayments({ stripe: config.stripe });
    const commerce = createCommerceService({ database, jobs, clock, studios, customers, mailer: templateMailer, payments, publicUrl: config.publicUrl, stripeJsUrl: config.stripe.jsUrl });
    const cards = createCardsService({
      database,
      customers,
      cardAccountFor: (ctx) => commerce.settings.cardAccountFor(ctx),
      cardFeeFor: async (ctx) => cardFeeOf(await commerce.settings.get(ctx)),
      stripeJsUrl: config.stripe.jsUrl,
    });
    const bookingSettings = createBookingSettingsService({ database });
    const book = createBookService({ database, clock, jobs, customers, waivers, customerFields, memberships, commerce, credits, cards, settings: bookingSettings });
    const waitlist = createWaitlistService({ database, jobs, settings: bookingSettings, customers, promote: book.promote });
    const attendance = createAttendanceService({ database, jobs });
    book.useHooks({ onSpotFreed: waitlist.onSpotFreed });
    const bookingCancel = createCancelService({ database, settings: bookingSettings, studios, customers, memberships, credits, commerce, waitlist: { onSpotFreed: waitlist.onSpotFreed } });
    book.useHooks({ onLineRefunded: bookingCancel.onBookingLineRefunded });
    customers.registerDataOwner(bookingDataOwner);
    customers.registerDataOwner(messagingDataOwner);
    const registrations = createRegistrationsService({ database, studios, customers, commerce, waivers, cancel: bookingCancel, waitlist: { onSpotFreed: waitlist.onSpotFreed }, jobs });
    // Subscriptions checked when each message leaves, and the unsubscribe link of every email to a customer.
    const delivery = createDeliveryService({ database, studios, subscriptions, clock, publicUrl: config.publicUrl });
    email.addHooks(delivery.hooks);
    const inboundSms = createInboundSmsService({ database, studios, subscriptions, clock, authToken: config.twilio?.authToken });
    // SMS tiers (every SMS sender goes through sms.sendSms) and the studio's phone line.
    const sms = createSmsService({ database, email, identity, templates: messageTemplates, publicUrl: config.publicUrl, twilioFrom: config.twilio?.from, twilioEnabled: config.twilio !== undefined });
    const groupSends = createGroupSendsService({ database, jobs, email, studios, segments: customerSegments, publicUrl: config.publicUrl, sms });
    const inbox = createInboxService({ database, email, customers, segments: customerSegments, studios, clock, sms, inboundEmailSecret: config.inboundEmailSecret });
    const phone = createPhoneService({ database, studios, clock, authToken: config.twilio?.authToken, publicUrl: config.publicUrl });
    const penalties = createPenaltiesService({ database, jobs, studios, commerce });
    const roster = createRosterService({ database });
    const staffBookingOptions = createStaffBookingOptionsService({ database, memberships });
    const kiosk = createKioskService({ database, checkIn: attendance.checkIn });
    for (const f of [products.fulfiller, giftCards.fulfiller, credits.fulfiller]) commerce.registerFulfiller(f);
    commerce.registerFulfiller(book.fulfiller);
    commerce.registerFulfiller(registrations.fulfiller);
    commerce.useCatalog({ giftCards: giftCards.tender, credits, discounts: discountCodes.port });
    commerce.useCards(cards, (ctx, setupIntentId) => cards.onSetupIntentSucceeded(ctx, setupIntentId));
    // Memberships sells through commerce: its membership, renewal and instalment fulfillers, and prepaid credit for dollar packs.
    memberships.attachCommerce({ registerFulfiller: commerce.registerFulfiller, checkout: commerce.checkout, chargeSavedCard: commerce.chargeSavedCard, credits }, [renewals.fulfillers.renewal, renewals.fulfillers.instalment]);
    registerExpiringNotices({ database, jobs, customers, studios, memberships, mailer: templateMailer, publicUrl: config.publicUrl });
    registerClassReminders({ database, jobs, customers, studios, schedule, roster, mailer: templateMailer, publicUrl: config.publicUrl });
    const dispatcher = createEventDispatcher(database, jobs, { clock, subscribers: [videoMeetingsSubscriber(video), penaltiesSubscriber(penalties), classCancelledSubscriber(bookingCancel), registrationClassesSubscriber(registrations), customerVisitsSubscriber(), bookingNoticesSubscriber({ customers, studios, schedule, mailer: templateMailer, publicUrl: config.publicUrl }), membershipNoticesSubscriber({ customers, studios, memberships, mailer: templateMailer, publicUrl: config.publicUrl }), customerNoticesSubscriber({ customers, studios, mailer: templateMailer, publicUrl: config.publicUrl })] });

    const workers = options.workers ?? config.workerInline;
    await jobs.start({ workers });
    if (workers) dispatcher.start();
    const cron = workers ? startCron(database, jobs, [...scheduleCronEntries, ...videoCronEntries, ...membershipsCronEntries, ...expiringCronEntries, ...remindersCronEntries, ...commerceCronEntries, ...bookCronEntries, ...registrationsCronEntries, ...waitlistCronEntries, ...attendanceCronEntries], { clock }) : null;

    const app = await buildApp({
      clock,
      database,
      cspSources: stripeCspSources(config.stripe),
      logLevel: config.logLevel,
      secureCookies: config.secureCookies,
      trustProxy: config.trustProxy,
      webRoot,
      ...(options.requestsPerMinute ? { requestsPerMinute: options.requestsPerMinute } : {}),
      authenticator: identity.authenticator,
      modules: [
        { prefix: '/api', routes: healthRoutes(database) },
        { prefix: '/api/v1', routes: identityRoutes(identity, clock) },
        { prefix: '/api/v1', routes: studiosRoutes(studios) },
        { prefix: '/api/v1', routes: customersRoutes(customers, customerSegments) },
        { prefix: '/api/v1', routes: customerDocumentsRoutes(customerDocuments) },
        { prefix: '/api/v1', routes: customerRecordsRoutes(customerRecords) },
        { prefix: '/api/v1', routes: customerSegmentsRoutes(customerSegments) },
        { prefix: '/api/v1', routes: customerTagsRoutes(customerTags) },
        { prefix: '/api/v1', routes: customerFieldsRoutes(customerFields) },
        { prefix: '/api/v1', routes: customerNotesRoutes(customerNotes) },
        { prefix: '/api/v1', routes: customerImportsRoutes(customerImports) },
        { prefix: '/api/v1', routes: familyRoutes(family) },
        { prefix: '/api/v1', routes: subscriptionsRoutes(subscriptions) },
        { prefix: '/api/v1', routes: referralsRoutes(referrals) },
        { prefix: '/api/v1', routes: waiversRoutes(waivers) },
        { prefix: '/api/v1', routes: templatesRoutes(classTemplates) },
        { prefix: '/api/v1', routes: teachersRoutes(teachers) },
        { prefix: '/api/v1', routes: scheduleRoutes(schedule) },
        { prefix: '/api/v1', routes: videoRoutes(video) },
        { prefix: '/api/v1', routes: feedsRoutes(calendarFeeds) },
        { prefix: '/api/v1', routes: publicScheduleSettingsRoutes(publicSchedule) },
        { prefix: '/api/v1', routes: email.routes },
        { prefix: '/api/v1', routes: productsRoutes(products) },
        { prefix: '/api/v1', routes: giftCardsRoutes(giftCards) },
        { prefix: '/api/v1', routes: discountsRoutes(discountCodes) },
        { prefix: '/api/v1', routes: creditsRoutes(credits) },
        { prefix: '/api/v1', routes: membershipsRoutes(plans, memberships, renewals) },
        { prefix: '/api/v1', routes: commerceRoutes(commerce) },
        { prefix: '/api/v1', routes: cardsRoutes(cards) },
        { prefix: '/api/v1', routes: bookingSettingsRoutes(bookingSettings) },
        { prefix: '/api/v1', routes: bookRoutes(book) },
        { prefix: '/api/v1', routes: penaltiesRoutes(penalties) },
        { prefix: '/api/v1', routes: waitlistRoutes(waitlist) },
        { prefix: '/api/v1', routes: attendanceRoutes(attendance) },
        { prefix: '/api/v1', routes: rosterRoutes(roster) },
        { prefix: '/api/v1', routes: staffBookingOptionsRoutes(staffBookingOptions) },
        { prefix: '/api/v1', routes: kioskRoutes(kiosk) },
        { prefix: '/api/v1', routes: cancelRoutes(bookingCancel) },
        { prefix: '/api/v1', routes: registrationsRoutes(registrations) },
        { prefix: '/api/v1', routes: messageTemplatesRoutes(messageTemplates) },
        { prefix: '/api/v1', routes: smsSettingsRoutes(sms) },
        { prefix: '/api/v1', routes: groupSendsRoutes(groupSends) },
        { prefix: '/api/public/v1', routes: publicStudiosRoutes(studios) },
        { prefix: '/api/public/v1', routes: publicIdentityRoutes(identity, studios) },
        { prefix: '/api/public/v1', routes: publicCustomersRoutes(customers) },
        { prefix: '/api/public/v1', routes: publicCustomerFieldsRoutes(customerFields) },
        { prefix: '/api/public/v1', routes: publicFamilyRoutes(family) },
        { prefix: '/api/public/v1', routes: publicSubscriptionsRoutes(subscriptions) },
        { prefix: '/api/public/v1', routes: publicReferralsRoutes(referrals) },
        { prefix: '/api/public/v1', routes: publicWaiversRoutes(waivers) },
        { prefix: '/api/public/v1', routes: publicVideoRoutes(video) },
        { prefix: '/api/public/v1', routes: publicFeedsRoutes(calendarFeeds) },
        { prefix: '/api/public/v1', routes: publicTemplatesRoutes(classTemplates) },
        { prefix: '/api/public/v1', routes: publicTeachersRoutes(teachers) },
        { prefix: '/api/public/v1', routes: publicScheduleRoutes(publicSchedule) },
        { prefix: '/api/public/v1', routes: publicGiftCardsRoutes(giftCards) },
        { prefix: '/api/public/v1', routes: publicCreditsRoutes(credits) },
        { prefix: '/api/public/v1', routes: publicMembershipsRoutes(plans, memberships) },
        { prefix: '/api/public/v1', routes: publicCommerceRoutes(commerce) },
        { prefix: '/api/public/v1', routes: publicCardsRoutes(cards) },
        { prefix: '/api/public/v1', routes: publicBookRoutes(book) },
        { prefix: '/api/public/v1', routes: publicWaitlistRoutes(waitlist) },
        { prefix: '/api/public/v1', routes: publicCancelRoutes(bookingCancel) },
        { prefix: '/api/public/v1', routes: publicRegistrationsRoutes(registrations) },
        { prefix: '/api/public/v1', routes: commerceWebhookRoutes(commerce, payments) },
        { prefix: '/api', routes: inboundSmsRoutes(inboundSms, config.publicUrl) },
        { prefix: '/api/v1', routes: inboxRoutes(inbox) },
        { prefix: '/api/public/v1', routes: publicInboxRoutes(inbox) },
        { prefix: '/api', routes: inboundEmailRoutes(inbox) },
        { prefix: '/api', routes: phoneRoutes(phone, config.publicUrl) },
        { prefix: '/api/public/v1', routes: unsubscribeRoutes(delivery) },
      ],
    });

    return {
      config,
      database,
      jobs,
      dispatcher,
      services: { studios, identity, customers, customerTags, customerSegments, customerFields, customerNotes, customerImports, customerDocuments, customerRecords, family, subscriptions, referrals, waivers, classTemplates, teachers, schedule, video, calendarFeeds, publicSchedule, plans, memberships, renewals, products, giftCards, discountCodes, credits, commerce, cards, bookingSettings, book, penalties, roster, kiosk, waitlist, attendance, bookingCancel, registrations, messageTemplates, inbox, sms, phone, groupSends, email, storage },
      storage,
      app,
      clock,
      async close() {
        await app.close();
        await dispatcher.stop();
        await cron?.stop();
        await jobs.stop();
        if (!options.database) await database.close();
      },
    };
  } catch (err) {
    if (!options.database) await database.close();
    throw err;
  }
}
