import type { Logger } from '../src/logger.js';
import type { SequenceRegistry } from '../src/dsl/registry.js';
import { createSendEmail } from './channels/email/sendEmail.js';
import type { Mailer } from './channels/email/mailer.js';
import { wakeTime } from './schedule/wakeTime.js';

export interface ActivityDeps {
  mailer: Mailer;
  mailFrom: string;
  sequences: SequenceRegistry;
  log: Logger;
}

/** All activities, built from their dependencies (real SMTP / HTTP clients; tests pass local servers). */
export function createActivities(deps: ActivityDeps) {
  return {
    sendEmail: createSendEmail({ mailer: deps.mailer, from: deps.mailFrom }),
    wakeTime,
    /** The current compiled definitions whose trigger is this event type; the result pins them in history. */
    async triggeredSequences(eventType: string) {
      return deps.sequences.triggeredBy(eventType);
    },
  };
}

export type PeygirActivities = ReturnType<typeof createActivities>;
