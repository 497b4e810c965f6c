/**
 * The compiled, plain-data form of a sequence: what an enrollment workflow receives and pins.
 * Produced from YAML by ./compile.ts; never contains YAML or code.
 */
export interface SequenceDefinition {
  id: string;
  name: string;
  /** Content hash of the compiled definition; runs in flight keep the version they started with. */
  version: string;
  trigger: { event: string };
  steps: Step[];
  templates: Record<string, EmailTemplate>;
}

export type Step = SendStep | WaitStep;

export interface SendStep {
  kind: 'send';
  id: string;
  channel: 'email';
  template: string;
}

export interface WaitStep {
  kind: 'wait';
  id: string;
  /** As written in the YAML, e.g. "7d". */
  label: string;
  durationMs: number;
}

/** Liquid source of one email, per locale. */
export interface EmailTemplate {
  subject: string;
  text: string;
}
