import type { Locator } from '../locate.js';
import type { Problem } from '../problems.js';
import type { SequenceFile } from '../schema.js';

/** A date trigger reads a customer field: the sequence declares it as a `date`, so intake checks its values. */
export function checkDateField(file: SequenceFile, locator: Locator): Problem[] {
  if (!('date' in file.trigger)) return [];
  const { field } = file.trigger.date;
  const declared = file.customer_fields[field];
  if (declared === 'date') return [];
  const path = ['trigger', 'date', 'field'];
  return declared === undefined
    ? [locator.problem(path, `customer field "${field}" is not declared`, `declare it: customer_fields: { ${field}: date }`)]
    : [locator.problem(path, `customer field "${field}" is declared as ${declared}, not date`, `declare it: customer_fields: { ${field}: date }`)];
}
