import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  type Assessment,
  get,
  type Page,
  type Patient,
  post,
  put,
  query,
  type RiskTier,
  type TierChange,
} from '../api';
import { Field, Notice, ReasonList, Section, Tabs, TierBadge } from '../components';
import { errorMessage, msg, type Msg, type Note } from '../lib/messages';
import { useApp } from '../context';
import { localDateOf } from '../lib/dates';
import { RISK_TIERS } from '../lib/tiers';
import { CARE_SETTINGS, CONSCIOUSNESS_LEVELS, SEXES, SYMPTOMS } from '../lib/vocabularies';
import {
  hasErrors,
  type FormErrors,
  type PatientForm,
  validateOverride,
  validatePatient,
  validateVitals,
  VITAL_FIELDS,
  type VitalsForm,
} from '../lib/validation';

export function CareTeamView() {
  const [tab, setTab] = useState<'patients' | 'register'>('patients');
  const [openId, setOpenId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  return (
    <div class="care-layout">
      <Tabs
        keys={['patients', 'register'] as const}
        active={tab}
        onSelect={(k) => {
          setTab(k);
          setOpenId(null);
        }}
      />
      {tab === 'register' ? (
        <RegisterPatient
          onRegistered={(p) => {
            setVersion(version + 1);
            setTab('patients');
            setOpenId(p.id);
          }}
        />
      ) : openId ? (
        <PatientDetail id={openId} onBack={() => setOpenId(null)} onChanged={() => setVersion(version + 1)} />
      ) : (
        <PatientList version={version} onOpen={setOpenId} />
      )}
    </div>
  );
}

function PatientList({ version, onOpen }: { version: number; onOpen: (id: string) => void }) {
  const { t } = useApp();
  const [tier, setTier] = useState('');
  const [district, setDistrict] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState<Page<Patient> | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      get<Page<Patient>>(
        `/api/patients${query({ tier, district: district.trim(), q: q.trim(), limit: 100 })}`,
      ).then(setPage, (err: unknown) => setError(errorMessage(err)));
    }, 200);
    return () => clearTimeout(timer);
  }, [tier, district, q, version]);
  const counts = new Map<RiskTier, number>();
  for (const p of page?.items ?? []) counts.set(p.riskTier, (counts.get(p.riskTier) ?? 0) + 1);
  return (
    <Section title={t('pt.title')} id="patients">
      <div class="toolbar">
        <select
          aria-label={t('tier.label')}
          value={tier}
          onChange={(e) => setTier(e.currentTarget.value)}
          name="tier"
        >
          <option value="">
            {t('tier.label')}: {t('common.all')}
          </option>
          {RISK_TIERS.map((r) => (
            <option key={r} value={r}>
              {t(`tier.${r}`)}
            </option>
          ))}
        </select>
        <input
          aria-label={t('pt.district')}
          placeholder={t('pt.district')}
          value={district}
          onInput={(e) => setDistrict(e.currentTarget.value)}
          name="district"
        />
        <input
          type="search"
          aria-label={t('common.search')}
          placeholder={t('common.search')}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </div>
      {error ? <Notice kind="error" msg={error} /> : null}
      <p class="tier-counts">
        {[...RISK_TIERS].reverse().map((r) => (
          <span key={r}>
            <TierBadge tier={r} /> {counts.get(r) ?? 0}
          </span>
        ))}
      </p>
      {page && page.items.length === 0 ? <p class="muted">{t('pt.none')}</p> : null}
      {[...RISK_TIERS].reverse().map((r) => {
        const group = (page?.items ?? []).filter((p) => p.riskTier === r);
        if (!group.length) return null;
        return (
          <div key={r} class="tier-group">
            <ul class="list">
              {group.map((p) => (
                <li key={p.id} class="row">
                  <TierBadge tier={p.riskTier} override={p.tierSource === 'override'} />
                  <button
                    type="button"
                    class="btn-link strong"
                    onClick={() => onOpen(p.id)}
                    data-testid="patient-link"
                  >
                    {p.fullName}
                  </button>
                  <span class="muted">
                    {p.district}
                    {p.ward ? `, ${p.ward}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </Section>
  );
}

const EMPTY_PATIENT: PatientForm = {
  fullName: '',
  phone: '',
  dateOfBirth: '',
  sex: '',
  district: '',
  careSetting: 'home',
};

function RegisterPatient({ onRegistered }: { onRegistered: (p: Patient) => void }) {
  const { t, config } = useApp();
  const [form, setForm] = useState<PatientForm>(EMPTY_PATIENT);
  const [ward, setWard] = useState('');
  const [pregnant, setPregnant] = useState(false);
  const [doses, setDoses] = useState('0');
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<Msg | null>(null);
  const set = (k: keyof PatientForm) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [k]: e.currentTarget.value });
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = validatePatient(form, localDateOf(new Date(), config.operationsTz));
    setErrors(found);
    if (hasErrors(found)) return;
    try {
      const p = await post<Patient>('/api/patients', {
        ...form,
        fullName: form.fullName.trim(),
        phone: form.phone.replace(/[\s.-]/g, ''),
        district: form.district.trim(),
        ...(ward.trim() ? { ward: ward.trim() } : {}),
        pregnant,
        vaccineDoses: Math.max(0, Math.min(10, Number.parseInt(doses, 10) || 0)),
      });
      onRegistered(p);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Section title={t('nav.register')} id="register">
      <form onSubmit={(e) => void submit(e)} class="grid-form" noValidate>
        <Field label={t('pt.fullName')} name="fullName" errors={errors}>
          <input name="fullName" value={form.fullName} onInput={set('fullName')} />
        </Field>
        <Field label={t('pt.phone')} name="phone" errors={errors}>
          <input name="phone" type="tel" value={form.phone} onInput={set('phone')} />
        </Field>
        <Field label={t('pt.dateOfBirth')} name="dateOfBirth" errors={errors}>
          <input name="dateOfBirth" type="date" value={form.dateOfBirth} onInput={set('dateOfBirth')} />
        </Field>
        <Field label={t('pt.sex')} name="sex" errors={errors}>
          <select name="sex" value={form.sex} onChange={set('sex')}>
            <option value="">—</option>
            {SEXES.map((s) => (
              <option key={s} value={s}>
                {t(`sex.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('pt.district')} name="district" errors={errors}>
          <input name="district" value={form.district} onInput={set('district')} />
        </Field>
        <Field label={t('pt.ward')} name="ward">
          <input name="ward" value={ward} onInput={(e) => setWard(e.currentTarget.value)} />
        </Field>
        <Field label={t('pt.careSetting')} name="careSetting" errors={errors}>
          <select name="careSetting" value={form.careSetting} onChange={set('careSetting')}>
            {CARE_SETTINGS.map((s) => (
              <option key={s} value={s}>
                {t(`care.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('pt.vaccineDoses')} name="vaccineDoses">
          <input
            name="vaccineDoses"
            inputMode="numeric"
            value={doses}
            onInput={(e) => setDoses(e.currentTarget.value)}
          />
        </Field>
        <label class="check">
          <input type="checkbox" checked={pregnant} onChange={(e) => setPregnant(e.currentTarget.checked)} />{' '}
          {t('pt.pregnant')}
        </label>
        {error ? <Notice kind="error" msg={error} /> : null}
        <button type="submit" class="btn primary">
          {t('pt.register')}
        </button>
      </form>
    </Section>
  );
}

function PatientDetail({ id, onBack, onChanged }: { id: string; onBack: () => void; onChanged: () => void }) {
  const { t, time } = useApp();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [history, setHistory] = useState<TierChange[]>([]);
  const [error, setError] = useState<Msg | null>(null);
  const load = useCallback(() => {
    get<Patient>(`/api/patients/${id}`).then(setPatient, (err: unknown) => setError(errorMessage(err)));
    get<Page<TierChange>>(`/api/patients/${id}/history${query({ limit: 50 })}`).then(
      (h) => setHistory(h.items),
      () => undefined,
    );
  }, [id]);
  useEffect(load, [load]);
  const changed = () => {
    load();
    onChanged();
  };
  if (!patient) return error ? <Notice kind="error" msg={error} /> : <p>{t('common.loading')}</p>;
  return (
    <>
      <Section
        title={patient.fullName}
        id="patient"
        actions={
          <button type="button" class="btn small" onClick={onBack}>
            {t('pt.back')}
          </button>
        }
      >
        <p class="row" data-testid="patient-tier">
          <TierBadge tier={patient.riskTier} override={patient.tierSource === 'override'} />
          <a href={`tel:${patient.phone}`}>{patient.phone}</a>
          <span class="muted">
            {patient.dateOfBirth} · {t(`sex.${patient.sex}`)} · {patient.district} ·{' '}
            {t(`care.${patient.careSetting}`)}
          </span>
        </p>
      </Section>
      <ObservationForm patientId={id} onSaved={changed} />
      <OverrideForm key={patient.riskTier} patientId={id} current={patient.riskTier} onSaved={changed} />
      <Section title={t('pt.history')} id="history">
        <ol class="history">
          {history.map((h, i) => (
            <li key={i}>
              <span class="muted">{time(h.at, true)}</span> {h.from ? <TierBadge tier={h.from} /> : null} →{' '}
              <TierBadge tier={h.to} />{' '}
              <span class="muted">
                {h.source === 'override' ? t('tier.override') : t('pt.rules')}
                {h.ruleSet ? ` · ${t('pt.ruleSet', { id: h.ruleSet })}` : ''}
                {h.changedByRole ? ` · ${t('pt.by', { who: t(`role.${h.changedByRole}`) })}` : ''}
              </span>
              {h.reasons.length ? <ReasonList reasons={h.reasons} /> : null}
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}

function ObservationForm({ patientId, onSaved }: { patientId: string; onSaved: () => void }) {
  const { t } = useApp();
  const [vitals, setVitals] = useState<VitalsForm>({});
  const [consciousness, setConsciousness] = useState('alert');
  const [onOxygen, setOnOxygen] = useState(false);
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors>({});
  const [result, setResult] = useState<Assessment | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const { errors: found, values } = validateVitals(vitals);
    setErrors(found);
    if (hasErrors(found)) return;
    try {
      const res = await post<{ assessment: Assessment }>(`/api/patients/${patientId}/observations`, {
        ...values,
        consciousness,
        onOxygen,
        symptoms,
      });
      setResult(res.assessment);
      setError(null);
      setVitals({});
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Section title={t('pt.observation')} id="observation">
      <form onSubmit={(e) => void submit(e)} class="grid-form" noValidate>
        {VITAL_FIELDS.map((f) => (
          <Field key={f} label={t(`vital.${f}`)} name={f} errors={errors}>
            <input
              name={f}
              inputMode="decimal"
              value={vitals[f] ?? ''}
              onInput={(e) => setVitals({ ...vitals, [f]: e.currentTarget.value })}
            />
          </Field>
        ))}
        <Field label={t('vital.consciousness')} name="consciousness">
          <select
            name="consciousness"
            value={consciousness}
            onChange={(e) => setConsciousness(e.currentTarget.value)}
          >
            {CONSCIOUSNESS_LEVELS.map((c) => (
              <option key={c} value={c}>
                {t(`cons.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <label class="check">
          <input type="checkbox" checked={onOxygen} onChange={(e) => setOnOxygen(e.currentTarget.checked)} />{' '}
          {t('vital.onOxygen')}
        </label>
        <fieldset class="symptoms">
          <legend>{t('vital.symptoms')}</legend>
          {SYMPTOMS.map((s) => (
            <label key={s} class="check">
              <input
                type="checkbox"
                checked={symptoms.includes(s)}
                onChange={(e) =>
                  setSymptoms(e.currentTarget.checked ? [...symptoms, s] : symptoms.filter((x) => x !== s))
                }
              />{' '}
              {t(`sym.${s}`)}
            </label>
          ))}
        </fieldset>
        {error ? <Notice kind="error" msg={error} /> : null}
        <button type="submit" class="btn primary">
          {t('pt.observe')}
        </button>
      </form>
      {result ? (
        <div class="result" data-testid="assessment">
          <p>
            {t('tier.label')}:
            <TierBadge tier={result.tier} />
          </p>
          <ReasonList reasons={result.reasons} />
        </div>
      ) : null}
    </Section>
  );
}

function OverrideForm({
  patientId,
  current,
  onSaved,
}: {
  patientId: string;
  current: RiskTier;
  onSaved: () => void;
}) {
  const { t } = useApp();
  const [tier, setTier] = useState<string>(current);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [message, setMessage] = useState<Note | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = validateOverride(tier, reason);
    setErrors(found);
    if (hasErrors(found)) return;
    try {
      await put(`/api/patients/${patientId}/risk-tier`, { tier, reason: reason.trim() });
      setReason('');
      setMessage({ kind: 'ok', text: msg('common.saved') });
      onSaved();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <Section title={t('pt.override')} id="override">
      <form onSubmit={(e) => void submit(e)} class="grid-form" noValidate>
        <Field label={t('tier.label')} name="tier" errors={errors}>
          <select name="tier" value={tier} onChange={(e) => setTier(e.currentTarget.value)}>
            {RISK_TIERS.map((r) => (
              <option key={r} value={r}>
                {t(`tier.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('pt.reason')} name="reason" errors={errors}>
          <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        {message ? <Notice kind={message.kind} msg={message.text} /> : null}
        <button type="submit" class="btn">
          {t('pt.overrideSave')}
        </button>
      </form>
    </Section>
  );
}
