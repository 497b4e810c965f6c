import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes Peygir sets on its workflows, so ops can find runs with one query. */
export const customerIdKey = defineSearchAttributeKey('PeygirCustomerId', SearchAttributeType.KEYWORD);
export const sequenceKey = defineSearchAttributeKey('PeygirSequence', SearchAttributeType.KEYWORD);
export const sequenceVersionKey = defineSearchAttributeKey('PeygirSequenceVersion', SearchAttributeType.KEYWORD);
export const stepKey = defineSearchAttributeKey('PeygirStep', SearchAttributeType.KEYWORD);
export const statusKey = defineSearchAttributeKey('PeygirStatus', SearchAttributeType.KEYWORD);
/** Who a call task is for (a team, a role or an agent id). */
export const assigneeKey = defineSearchAttributeKey('PeygirAssignee', SearchAttributeType.KEYWORD);
/** The arm of the run's latest `split` step: a variant's name or `holdout`. */
export const variantKey = defineSearchAttributeKey('PeygirVariant', SearchAttributeType.KEYWORD);

export const peygirSearchAttributes = [customerIdKey, sequenceKey, sequenceVersionKey, stepKey, statusKey, assigneeKey, variantKey];
