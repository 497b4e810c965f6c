import { CUSTOMER_DATE_HINT, parseCustomerDate } from '../schedule/customerDate.js';
import type { CustomerProfile } from './customerEvent.js';

/** A date field of the profile intake refuses (422 `invalid_date`). */
export interface DateProblem {
  status: 422;
  code: 'invalid_date';
  message: string;
  details: { path: string; message: string }[];
}

/**
 * Each profile field a loaded date trigger reads must hold a date (Gregorian or Jalali) or nothing (empty
 * or zero: it never fires): anything else is refused here, naming the field, instead of never firing.
 */
export function customerDateProblem(customer: CustomerProfile, dateFields: Iterable<string>): DateProblem | undefined {
  const details = [...new Set(dateFields)]
    .filter((field) => customer[field] !== undefined && parseCustomerDate(customer[field]) === 'invalid')
    .map((field) => ({ path: `customer.${field}`, message: `${JSON.stringify(customer[field])} is not a date; ${CUSTOMER_DATE_HINT}` }));
  const [first] = details;
  return first && { status: 422, code: 'invalid_date', message: `${first.path}: ${first.message}`, details };
}
