import { useState } from 'preact/hooks';
import { type Assessment, type FollowUp, post } from '../../api';
import { Field, Notice, ReasonList, TierBadge } from '../../components';
import { errorMessage, type Msg } from '../../lib/messages';
import { useApp } from '../../context';
import {
  hasErrors,
  validateVitals,
  VITAL_FIELDS,
  type FormErrors,
  type VitalsForm,
} from '../../lib/validation';

export interface FollowUpOutcome {
  patientName: string;
  assessment: Assessment | null;
  next: { dueAt: string } | null;
}

export function FollowUpForm({
  followUp,
  patientName,
  onDone,
}: {
  followUp: FollowUp;
  patientName: string;
  onDone: (r: FollowUpOutcome) => void;
}) {
  const { t } = useApp();
  const [reached, setReached] = useState(true);
  const [vitals, setVitals] = useState<VitalsForm>({});
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<Msg | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    let observation: Record<string, number> | undefined;
    if (reached) {
      const { errors: found, values } = validateVitals(vitals);
      setErrors(found);
      if (hasErrors(found)) return;
      observation = values;
    }
    try {
      const res = await post<{ assessment: Assessment | null; next: { dueAt: string } | null }>(
        `/api/follow-ups/${followUp.id}/complete`,
        {
          reached,
          ...(observation ? { observation } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        },
      );
      setError(null);
      onDone({ patientName, ...res });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form class="followup-form" onSubmit={(e) => void submit(e)}>
      <label class="check">
        <input type="checkbox" checked={reached} onChange={(e) => setReached(e.currentTarget.checked)} />{' '}
        {t('fu.reached')}
      </label>
      {reached ? (
        <div class="vitals">
          {VITAL_FIELDS.map((f) => (
            <Field key={f} label={t(`vital.${f}`)} name={f} errors={errors}>
              <input
                name={f}
                inputMode="decimal"
                value={vitals[f] ?? ''}
                aria-invalid={errors[f] ? true : undefined}
                onInput={(e) => setVitals({ ...vitals, [f]: e.currentTarget.value })}
              />
            </Field>
          ))}
        </div>
      ) : null}
      <Field label={t('common.notes')} name="notes">
        <textarea rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </Field>
      {error ? <Notice kind="error" msg={error} /> : null}
      <button type="submit" class="btn primary">
        {t('fu.submit')}
      </button>
    </form>
  );
}

/** What the last follow-up changed: the new tier and the rules that fired, and when the next one is due. */

export function FollowUpResult({ outcome, onClose }: { outcome: FollowUpOutcome; onClose: () => void }) {
  const { t, time } = useApp();
  return (
    <div class="result" data-testid="follow-up-result" role="status">
      <p class="row">
        <strong>{outcome.patientName}</strong>
        {outcome.assessment ? (
          <>
            {t('tier.label')}: <TierBadge tier={outcome.assessment.tier} />
          </>
        ) : null}
      </p>
      {outcome.assessment ? <ReasonList reasons={outcome.assessment.reasons} /> : null}
      {outcome.next ? <p>{t('fu.next', { time: time(outcome.next.dueAt, true) })}</p> : null}
      <button type="button" class="btn small" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
