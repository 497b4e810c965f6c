/**
 * Every `patched()` ID of the workflow code, oldest first: each `patched(…)` and `deprecatePatch(…)`
 * in workflows/ takes its ID from here (tests/replay-histories.test.ts checks it).
 *
 * A patch lives through three stages:
 *
 * 1. **Added** (`if (patched(patches.x)) new else old`) when a change alters the commands a recorded
 *    history replays to. Before changing the code, record the runs it touches with today's code: those
 *    fixtures are the runs without the marker (rename an existing one to `<name>.before-<patch-id>.json`,
 *    never overwrite it). Then record them again with the change (`RECORD_HISTORIES=1 npx vitest run
 *    <test>`): the runs with the marker. A patch needs both in tests/fixtures/histories/.
 * 2. **Deprecated** (`deprecatePatch(patches.x)`, old branch deleted) once no run that started before the
 *    patch can still be open: enrollments and call tasks after the longest sequence's span (waits,
 *    `wait_for` timeouts, call-task due times) since the deploy; contacts, which live as long as the
 *    customer, only after each has continued as new since (a new run takes the new branch). Check with a
 *    visibility query before: `ExecutionStatus = 'Running' AND StartTime < '<deploy instant>'` for the
 *    patch's workflow types answers nothing. The fixtures without the marker stop replaying then: they
 *    go with this change, and only they.
 * 3. **Deleted** (the `deprecatePatch` call, its entry here and its fixtures with the marker) once every
 *    run that recorded the marker has closed and is past the namespace's retention: a query or a reset
 *    of a closed run replays it too.
 *
 * Each entry says when it was added, what changed and for which workflows.
 */
export const patches = {
  /** 2026-11-25, enrollment: call tasks follow consent (none for a customer who refused calls; a run's open tasks are cancelled when it ends). */
  callTasksFollowConsent: 'call-tasks-follow-consent',
  /**
   * 2026-11-25, enrollment: a reply that arrives while a send is still retrying (the provider had
   * already delivered it) counts for the next `wait_for`; before, listening began when the send completed.
   */
  listenFromSendStart: 'listen-from-send-start',
  /** 2026-11-25, contact: a sequence that opens with a send gets its frequency-cap permit with its start. */
  grantFirstPermitAtStart: 'grant-first-permit-at-start',
  /** 2026-11-25, enrollment: a send on a channel without a frequency cap no longer asks the contact for a permit. */
  askPermitOnlyWhenCapped: 'ask-permit-only-when-capped',
  /**
   * 2026-12-02, all workflows: a signal to a workflow that has gone is logged and answered false; before,
   * it threw (inside a signal handler that failed the whole workflow).
   */
  guardExternalSignals: 'guard-external-signals',
  /** 2026-12-02, enrollment: a send permit that never comes is asked for again, three times, then the step fails for ops. */
  permitAskedAgainThenStepFails: 'permit-asked-again-then-step-fails',
  /**
   * 2026-12-02, contact and enrollment: enrollment and call-task IDs escape `/` and `%` in each part
   * (workflows/ids.ts), so two customers never share one; older runs keep their legacy IDs.
   */
  workflowIdsEscapeParts: 'workflow-ids-escape-parts',
  /**
   * 2026-12-02, enrollment: the run renders a call task's script before it counts the step as done; a
   * script that cannot be rendered fails the step (before, the task rendered it and the run went on).
   */
  callScriptRenderedByRun: 'call-script-rendered-by-run',
  /** 2026-12-02, enrollment: a phone that intake marked invalid skips SMS, calls and call tasks instead of failing there. */
  skipInvalidPhones: 'skip-invalid-phones',
  /** 2026-12-02, enrollment: text `update.set` values are rendered as Liquid (by an activity); before, stored raw. */
  updateSetRendersLiquid: 'update-set-renders-liquid',
  /**
   * 2026-12-02, enrollment: the run notes started, each step reached, the messages it skips and how it
   * ended for the customer's ledger; its activities write them (workflows/ledger.ts) and, at the end, one
   * `recordLedger` activity scheduled with the signal to the contact. Runs without the marker note nothing.
   */
  enrollmentLedger: 'enrollment-ledger',
  /**
   * 2026-12-02, call task: opened, each claim, the completion (outcome, notes, durations) and a cancellation
   * go to the customer's ledger, through `recordLedger` as they happen (one activity per claim and completion).
   */
  callTaskLedger: 'call-task-ledger',
  /**
   * 2026-12-02, contact: before applying an event, a contact without `customerInStore` in its state calls
   * `loadCustomer`: a fresh run (after a terminate, failure or reset) gets the store's profile and consent
   * instead of starting empty; a run from before the store moves what it carried into the store first.
   */
  contactLoadsCustomerFromStore: 'contact-loads-customer-from-store',
  /** 2026-12-02, enrollment: an `update` step records its change in the customer store (`recordProfileUpdate`) before telling the contact. */
  updateRecordedInStore: 'update-recorded-in-store',
  /**
   * 2026-12-02, call task: right before it opens, the task asks the customer store (`callRefusal`) whether the
   * customer may be called; a refusal the run has not heard yet (unsubscribed, calls suppressed, an erased
   * customer's phone) cancels it with the reason instead, so no agent sees it and the CRM gets nothing.
   */
  callTaskAsksStore: 'call-task-asks-store',
  /**
   * 2026-12-03, contact: an event the API sent with its trigger snapshot (the sequences it starts, the
   * frequency caps: workflows/triggerSnapshot.ts) starts them without the `triggeredSequences` and
   * `frequencyCaps` activities (two workflow tasks less before a welcome email). Events without one ask as before.
   */
  eventCarriesTriggers: 'event-carries-triggers',
  /**
   * 2026-12-03, enrollment: a send that nothing could hold (no window on its channel, no best contact
   * time, no frequency cap to wait for) goes out without the `sendSlot` activity (workflows/enrollment/sendSlot.ts).
   */
  sendSlotInWorkflow: 'send-slot-in-workflow',
  /**
   * 2026-12-03, call task: a completion may carry `callbackAt` (when the customer asked to be called back); the task
   * keeps it, and it goes to the run in the `call_completed` event data and to the ledger's `call_task.outcome`.
   * Only completions that carry one reach the marker; remove once no call task from before the deploy is open.
   */
  callbackTimeCarried: 'callback-time-carried',
  /**
   * 2026-12-03, contact: sequences with a silence or date trigger are watched per customer (workflows/watches/):
   * the contact asks the store for the last activity (`lastActivity`) or the date's next occurrence
   * (`nextCustomerDate`) and waits for the earliest with a timer beside the events. Runs without the
   * marker never had such sequences loaded and wait for events only.
   */
  selfTriggeredSequences: 'self-triggered-sequences',
} as const;
