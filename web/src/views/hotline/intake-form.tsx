import { useRef, useState } from 'preact/hooks';
import { post } from '../../api';
import { Field, FieldError, Notice } from '../../components';
import { errorMessage, msg, type Message } from '../../lib/messages';
import { useApp } from '../../context';
import {
  CATEGORIES_BY_BRANCH,
  CHANNELS,
  categoryFor,
  emptyIntake,
  type IntakeForm as Form,
  intakeBody,
  isBranch,
  newIdempotencyKey,
  validateIntake,
} from '../../lib/hotline';
import { isVietnamesePhone, type FormErrors } from '../../lib/validation';
import { AreaCombobox } from './area-combobox';
import { BranchPicker } from './branch-picker';
import type { Contact } from './types';
import type { useAreas } from './use-areas';

/**
 * One call, recorded keyboard first: Alt+1…4 picks the branch from anywhere, district and ward come
 * from the official list as one types, Enter records (Shift+Enter is a new line in the summary).
 * After a call is recorded the form is empty again at once, with a one-line confirmation.
 */
export function IntakeForm({
  areas,
  onRecorded,
}: {
  areas: ReturnType<typeof useAreas>;
  onRecorded: (c: Contact) => void;
}) {
  const { t } = useApp();
  const [form, setForm] = useState<Form>(() => emptyIntake());
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  // one key per call: a submit retried after a lost answer is recorded once
  const key = useRef(newIdempotencyKey());
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setBranch = (b: number) =>
    isBranch(b) && setForm((f) => ({ ...f, branch: b, category: categoryFor(b, f.category) }));

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    const found = validateIntake(form, isVietnamesePhone);
    setErrors(found);
    if (Object.keys(found).length) {
      setMessage(null);
      return;
    }
    setBusy(true);
    try {
      const c = await post<Contact>('/api/contacts', intakeBody(form), { 'Idempotency-Key': key.current });
      key.current = newIdempotencyKey();
      setForm(emptyIntake(form.channel));
      setErrors({});
      setMessage({
        kind: 'ok',
        ...msg(c.consultId ? 'hl.recorded.queued' : `hl.recorded.${c.status}`, { district: c.district }),
      });
      onRecorded(c);
      // the next call starts at the branch keys
      formRef.current?.querySelector<HTMLInputElement>('input[name=branch]')?.focus();
    } catch (err) {
      setMessage({ kind: 'error', ...errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    // by the key's place, not its character: Option+1 on a Mac types "¡"
    const digit = /^(?:Digit|Numpad)([1-4])$/.exec(e.code)?.[1];
    if (e.altKey && digit) {
      e.preventDefault();
      setBranch(Number(digit));
    } else if (e.key === 'Enter' && !e.shiftKey && !e.defaultPrevented) {
      // Enter records from any field: selects and radios do not submit a form by themselves
      if (
        target.tagName === 'SELECT' ||
        target.tagName === 'TEXTAREA' ||
        (target as HTMLInputElement).type === 'radio'
      ) {
        e.preventDefault();
        void submit();
      }
    }
  };
  const categories = isBranch(form.branch) ? CATEGORIES_BY_BRANCH[form.branch] : [];
  const wards = areas.wardsOf(form.district);
  return (
    <form
      class="intake"
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      ref={formRef}
      aria-label={t('hl.intake.title')}
      noValidate
    >
      <BranchPicker value={form.branch} onChange={setBranch} invalid={!!errors.branch} />
      <FieldError errors={errors} name="branch" />
      <div class="intake-row">
        <Field label={t('hl.channel')} name="channel">
          <select name="channel" value={form.channel} onChange={(e) => set('channel', e.currentTarget.value)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`hl.channel.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('hl.category')} name="category" errors={errors}>
          <select
            name="category"
            value={form.category}
            disabled={!categories.length}
            onChange={(e) => set('category', e.currentTarget.value)}
          >
            <option value="">
              {categories.length ? t('hl.category.choose') : t('hl.category.branchFirst')}
            </option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {t(`hl.cat.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div class="intake-row">
        <div class={errors.district ? 'invalid' : ''}>
          <AreaCombobox
            id="intake-district"
            name="district"
            label={t('hl.district')}
            names={areas.districtNames}
            value={form.district}
            onChange={(d) => setForm((f) => ({ ...f, district: d, ward: d === f.district ? f.ward : '' }))}
            required
          />
          <FieldError errors={errors} name="district" />
        </div>
        <AreaCombobox
          id="intake-ward"
          name="ward"
          label={t('hl.ward')}
          names={wards}
          value={form.ward}
          onChange={(w) => set('ward', w)}
          disabled={!form.district}
        />
      </div>
      <div class="intake-row">
        <Field label={t('hl.callerPhone')} name="callerPhone" errors={errors}>
          <input
            name="callerPhone"
            type="tel"
            inputMode="tel"
            autocomplete="off"
            value={form.callerPhone}
            onInput={(e) => set('callerPhone', e.currentTarget.value)}
          />
        </Field>
        <Field label={t('hl.callerName')} name="callerName">
          <input
            name="callerName"
            autocomplete="off"
            value={form.callerName}
            onInput={(e) => set('callerName', e.currentTarget.value)}
          />
        </Field>
      </div>
      <Field label={t('hl.summary')} name="summary" errors={errors}>
        <textarea
          name="summary"
          rows={2}
          value={form.summary}
          onInput={(e) => set('summary', e.currentTarget.value)}
        />
      </Field>
      <Field label={t('hl.address')} name="address">
        <input
          name="address"
          autocomplete="off"
          value={form.address}
          onInput={(e) => set('address', e.currentTarget.value)}
        />
      </Field>
      <button type="submit" class="btn primary wide" disabled={busy}>
        {t('hl.submit')} <kbd>Enter</kbd>
      </button>
      <div aria-live="polite" data-testid="intake-message">
        {message ? <Notice kind={message.kind} msg={message} /> : null}
      </div>
    </form>
  );
}
