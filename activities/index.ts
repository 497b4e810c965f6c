import type { Logger } from '../src/logger.js';
import type { FrequencyCaps } from '../src/dsl/frequencyCaps.js';
import { sequencesForEvent, type EventSequences } from '../src/dsl/registry.js';
import { createLinks, type LinkSettings } from '../src/security/links.js';
import type { Store } from '../src/store/store.js';
import { consentAtSend, storeRefusal } from './channels/consentAtSend.js';
import { createSendEmail } from './channels/email/sendEmail.js';
import type { Mailer } from './channels/email/mailer.js';
import type { KavenegarClient } from './channels/kavenegar/client.js';
import { createSmsActivities } from './channels/sms/activities.js';
import { createPostWebhook, type PostWebhookInput } from './channels/webhook/postWebhook.js';
import { createCallRefusal } from './callTasks/callRefusal.js';
import { createPushCallTask } from './callTasks/pushCallTask.js';
import { countSends } from './countSends.js';
import { currentCustomer } from './customers/currentCustomer.js';
import { createLoadCustomer } from './customers/loadCustomer.js';
import { createRecordProfileUpdate } from './customers/recordProfileUpdate.js';
import { recordDelivery } from './ledger/recordDelivery.js';
import { recordSend } from './ledger/recordSend.js';
import { carriesLedger, createRecordLedger } from './ledger/writeLedger.js';
import type { Metrics } from '../src/metrics/registry.js';
import { renderSetValues } from './render/renderSetValues.js';
import { renderText } from './render/renderText.js';
import { createSendSlot, wakeTime } from './schedule/wakeTime.js';
import { createWatchActivities, type WatchContact } from './watches/watchActivities.js';
import { IRAN_HOLIDAYS, type Holidays } from '../src/schedule/holidays.js';

export interface ActivityDeps {
  mailer: Mailer;
  mailFrom: string;
  /** Where the current compiled sequences come from (the registry; tests pass fixed definitions). */
  sequences: EventSequences;
  log: Logger;
  /** The customer store: every send asks it for consent right before the provider and renders the customer it holds, activities write the ledger, contacts load the customer from it. */
  store: Pick<Store, 'getCustomer' | 'isSuppressedIdentity' | 'appendLedger' | 'moveContactIntoStore' | 'recordEvent' | 'lastActivity' | 'customersToWatch'>;
  /** Signals a contact to watch silence / date sequences (rollouts); a worker without it runs no rollout. */
  watchContact?: WatchContact | undefined;
  /** Kavenegar, for SMS and automated calls; without it those sends fail as ChannelNotConfigured. */
  sms?: KavenegarClient | undefined;
  /** KAVENEGAR_SENDER: the default sender line. */
  smsSender?: string | undefined;
  /** PEYGIR_SECRET and PUBLIC_BASE_URL: sign the unsubscribe, open and click links in emails. */
  links: LinkSettings;
  /** WEBHOOK_SECRET: signs outgoing webhooks (CRM, webhook steps); separate from the link secret. */
  webhookSecret: string;
  /** CRM_WEBHOOK_URL: where opened call tasks are pushed. */
  crmWebhookUrl?: string | undefined;
  /** FREQUENCY_CAPS: at most so many messages per channel and window, across sequences. */
  frequencyCaps?: FrequencyCaps;
  /** Posts webhooks (webhook steps, call tasks to the CRM); default: signed HTTPS POSTs. The preview records them instead. */
  postWebhook?: (input: PostWebhookInput) => Promise<{ status: number }>;
  /** Where sends are counted (the process's Prometheus registry, served by the API at /metrics). */
  metrics?: Pick<Metrics, 'sends'>;
  /** The public holidays windows with `holidays: iran` skip (HOLIDAYS_FILE changes the shipped table). */
  holidays?: Holidays;
}

/** All activities, built from their dependencies (real SMTP / HTTP clients; tests pass local servers). */
export function createActivities(deps: ActivityDeps) {
  const sends = deps.metrics?.sends;
  const consent = consentAtSend(deps.store);
  const current = currentCustomer(deps.store);
  const postWebhook = countSends(sends, 'webhook', deps.postWebhook ?? createPostWebhook({ secret: deps.webhookSecret }));
  const { sendSms, placeCall, checkSmsDelivery } = createSmsActivities({ sms: deps.sms, sender: deps.smsSender, log: deps.log, consent });
  // Workflows hand the ledger facts only they know to the next activity they run (workflows/ledger.ts).
  const carrying = <Input extends object, Output>(activity: (input: Input) => Promise<Output>) => carriesLedger(deps.store, activity);
  const ledgered = { store: deps.store, log: deps.log };
  const sendEmail = createSendEmail({ mailer: deps.mailer, from: deps.mailFrom, links: createLinks(deps.links), log: deps.log, consent });
  return {
    sendEmail: countSends(sends, 'email', carrying(recordSend(ledgered, 'email', current.emails(sendEmail)))),
    sendSms: countSends(sends, 'sms', carrying(recordSend(ledgered, 'sms', current.renders(sendSms)))),
    placeCall: countSends(sends, 'call', carrying(recordSend(ledgered, 'call', current.renders(placeCall)))),
    checkSmsDelivery: recordDelivery(deps.store, checkSmsDelivery),
    postWebhook: carrying(current.renders(postWebhook)),
    pushCallTask: carrying(createPushCallTask({ crmWebhookUrl: deps.crmWebhookUrl, postWebhook })),
    callRefusal: createCallRefusal(storeRefusal(deps.store)),
    recordLedger: createRecordLedger(deps.store),
    wakeTime: carrying(wakeTime),
    sendSlot: carrying(createSendSlot(deps.holidays ?? IRAN_HOLIDAYS)),
    renderText: carrying(current.renders(renderText)),
    renderSetValues: carrying(current.renders(renderSetValues)),
    loadCustomer: createLoadCustomer(deps.store),
    ...createWatchActivities(deps),
    recordProfileUpdate: createRecordProfileUpdate(deps.store),
    /** The configured frequency caps (the contact workflow reads them once per run). */
    async frequencyCaps(): Promise<FrequencyCaps> {
      return deps.frequencyCaps ?? {};
    },
    /**
     * The current compiled definitions whose trigger is this event type, and those with a silence or date
     * trigger (the contact watches them for its customer); the result pins them in history.
     */
    async triggeredSequences(eventType: string) {
      return sequencesForEvent(deps.sequences, eventType);
    },
  };
}

export type PeygirActivities = ReturnType<typeof createActivities>;
