import type { components } from '../api/schema';

type S = components['schemas'];

/**
 * A list of every value of a server enum, in the console's display order. The compiler checks it
 * against the generated API types: a value the server does not know, or one it added, is an error.
 */
const allOf =
  <U extends string>() =>
  <const T extends readonly U[]>(
    values: T & ([Exclude<U, T[number]>] extends [never] ? unknown : { missing: Exclude<U, T[number]> }),
  ): T =>
    values;

export const RISK_TIERS = allOf<S['PatientDto']['riskTier']>()(['green', 'yellow', 'orange', 'red']);
export const CONSULT_OUTCOMES = allOf<S['CompleteConsultDto']['outcome']>()([
  'advised',
  'referred_115',
  'referred_cdc',
  'enrolled_followup',
  'forwarded_district',
  'no_answer',
]);
export const ESCALATION_OUTCOMES = allOf<S['ResolveEscalationDto']['outcome']>()([
  'ambulance_dispatched',
  'hospitalised',
  'stabilised_at_home',
  'other',
]);
export const CONSCIOUSNESS_LEVELS = allOf<NonNullable<S['ObservationInputDto']['consciousness']>>()([
  'alert',
  'confusion',
  'voice',
  'pain',
  'unresponsive',
]);
export const SYMPTOMS = allOf<NonNullable<S['ObservationInputDto']['symptoms']>[number]>()([
  'fever',
  'cough',
  'sore_throat',
  'fatigue',
  'loss_of_smell',
  'diarrhoea',
  'headache',
  'myalgia',
  'difficulty_breathing',
  'chest_pain_persistent',
  'cyanosis',
  'unable_to_drink',
  'mis_c_signs',
]);
export const SEXES = allOf<S['CreatePatientDto']['sex']>()(['female', 'male', 'other']);
export const CARE_SETTINGS = allOf<S['CreatePatientDto']['careSetting']>()([
  'home',
  'quarantine_center',
  'hospital',
]);
