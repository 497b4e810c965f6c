/**
 * A final SMTP refusal about the recipient's address (`EmailRejected` with smtpFailure's `hardBounce`
 * detail): the run suppresses the address for every sequence, the ledger files the message as bounced.
 */
export function isHardBounce(failure: { type?: string | null | undefined; details?: unknown[] | null | undefined } | undefined): boolean {
  const [details] = (failure?.details ?? []) as ({ hardBounce?: boolean } | undefined)[];
  return failure?.type === 'EmailRejected' && details?.hardBounce === true;
}
