import './stats/stats.css';
import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  type Assessment,
  type components,
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
import { useApp } from '../context';
import { localDateOf } from '../lib/dates';
import { ageOn, pageCount, timeline } from '../lib/patient-page';
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
import { errorMessage, type Message, type Msg } from '../lib/messages';

type PatientPage = components['schemas']['PatientPageDto'];
type PatientDetailDto = components['schemas']['PatientDetailDto'];
type ObservationEntry = components['schemas']['ObservationEntryDto'];

const PAGE_SIZE = 50;
const STATUSES = ['under_care', 'recovered', 'hospitalised', 'deceased', 'lost_to_follow_up'] as const;

export function CareTeamView() {
  const { t } = useApp();
  const [tab, setTab] = useState<'patients' | 'register'>('patients');
  const [openId, setOpenId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  /** what the last change did, said on the page it led to */
  const [notice, setNotice] = useState<Message | null>(null);
  return (
    <div class="care-layout care-page">
      <h2 class="page-title">{t('ct.heading')}</h2>
      <Tabs
        keys={['patients', 'register'] as const}
        active={tab}
        onSelect={(k) => {
          setTab(k);
          setOpenId(null);
          setNotice(null);
        }}
      />
      {notice ? (
        <div class="care-notice" data-testid="care-notice">
          <Notice kind={notice.kind === 'error' ? 'error' : 'ok'} msg={notice} />
        </div>
      ) : null}
      {tab === 'register' ? (
        <RegisterPatient
          onRegistered={(p) => {
            setVersion(version + 1);
            setTab('patients');
            setOpenId(p.id);
            setNotice({
              kind: 'ok',
              key: 'ct.registered',
              params: { name: p.fullName, tier: `@tier.${p.riskTier}` },
            });
          }}
        />
      ) : openId ? (
        <PatientDetail
          id={openId}
          onBack={() => {
            setOpenId(null);
            setNotice(null);
          }}
          onChanged={(m) => {
            setVersion(version + 1);
            setNotice(m);
          }}
        />
      ) : (
        <PatientList
          version={version}
          onOpen={(id) => {
            setOpenId(id);
            setNotice(null);
          }}
        />
      )}
    </div>
  );
}

/**
 * Patients a page at a time. The counts per tier are the server's (`tierCounts`, over the whole
 * filtered list), not a count of the page loaded; each count is also the button that shows that tier.
 */
function PatientList({ version, onOpen }: { version: number; onOpen: (id: string) => void }) {
  const { t } = useApp();
  const [tier, setTier] = useState('');
  const [status, setStatus] = useState<string>('under_care');
  const [district, setDistrict] = useState('');
  const [q, setQ] = useState('');
  const [pageNo, setPageNo] = useState(1);
  const [page, setPage] = useState<PatientPage | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      get<PatientPage>(
        `/api/patients${query({ tier, status, district: district.trim(), q: q.trim(), page: pageNo, limit: PAGE_SIZE })}`,
      ).then(
        (p) => {
          setPage(p);
          setError(null);
        },
        (err: unknown) => setError(errorMessage(err)),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [tier, status, district, q, pageNo, version]);
  /** a filter change starts again at the first page */
  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPageNo(1);
  };
  const pages = page ? pageCount(page.total, page.limit) : 1;
  return (
    <Section title={t('pt.title')} id="patients">
      <div class="toolbar">
        <select
          aria-label={t('ct.status')}
          value={status}
          onChange={(e) => filter(setStatus)(e.currentTarget.value)}
          name="status"
        >
          <option value="">
            {t('ct.status')}: {t('common.all')}
          </option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`ct.status.${s}`)}
            </option>
          ))}
        </select>
        <input
          aria-label={t('pt.district')}
          placeholder={t('pt.district')}
          value={district}
          onInput={(e) => filter(setDistrict)(e.currentTarget.value)}
          name="district"
        />
        <input
          type="search"
          aria-label={t('common.search')}
          placeholder={t('common.search')}
          value={q}
          onInput={(e) => filter(setQ)(e.currentTarget.value)}
        />
      </div>
      {error ? <Notice kind="error" msg={error} /> : null}
      <div class="tier-filter" role="group" aria-label={t('ct.counts')}>
        <button
          type="button"
          class="btn"
          aria-pressed={tier === ''}
          onClick={() => filter(setTier)('')}
          data-testid="tier-all"
        >
          {t('common.all')}:{' '}
          <strong>{page ? Object.values(page.tierCounts).reduce((a, b) => a + b, 0) : '–'}</strong>
        </button>
        {[...RISK_TIERS].reverse().map((r) => (
          <button
            key={r}
            type="button"
            class="btn"
            aria-pressed={tier === r}
            aria-label={t('ct.showTier', { tier: t(`tier.${r}`), n: page?.tierCounts[r] ?? 0 })}
            onClick={() => filter(setTier)(tier === r ? '' : r)}
            data-testid="tier-count"
            data-tier={r}
          >
            <TierBadge tier={r} /> <strong data-count={r}>{page ? page.tierCounts[r] : '–'}</strong>
          </button>
        ))}
      </div>
      {page && page.items.length === 0 ? <p class="muted">{t('pt.none')}</p> : null}
      <ul class="list" data-testid="patient-list">
        {(page?.items ?? []).map((p) => (
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
      {page ? (
        <nav class="pager" aria-label={t('ct.page', { page: page.page, pages, total: page.total })}>
          <button type="button" class="btn" disabled={pageNo <= 1} onClick={() => setPageNo(pageNo - 1)}>
            {t('ct.prev')}
          </button>
          <span data-testid="pager" aria-live="polite">
            {t('ct.page', { page: page.page, pages, total: page.total })}
          </span>
          <button type="button" class="btn" disabled={pageNo >= pages} onClick={() => setPageNo(pageNo + 1)}>
            {t('ct.next')}
          </button>
        </nav>
      ) : null}
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

function PatientDetail({
  id,
  onBack,
  onChanged,
}: {
  id: string;
  onBack: () => void;
  onChanged: (m: Message) => void;
}) {
  const { t, time, config } = useApp();
  const [patient, setPatient] = useState<PatientDetailDto | null>(null);
  const [history, setHistory] = useState<TierChange[]>([]);
  const [observations, setObservations] = useState<Page<ObservationEntry> | null>(null);
  const [limit, setLimit] = useState(20);
  const [error, setError] = useState<Msg | null>(null);
  const load = useCallback(() => {
    get<PatientDetailDto>(`/api/patients/${id}`).then(setPatient, (err: unknown) =>
      setError(errorMessage(err)),
    );
    get<Page<TierChange>>(`/api/patients/${id}/history${query({ limit: 200 })}`).then(
      (h) => setHistory(h.items),
      () => undefined,
    );
  }, [id]);
  const loadObservations = useCallback(() => {
    get<Page<ObservationEntry>>(`/api/patients/${id}/observations${query({ limit })}`).then(
      setObservations,
      () => undefined,
    );
  }, [id, limit]);
  useEffect(load, [load]);
  useEffect(loadObservations, [loadObservations]);
  const changed = (m: Message) => {
    load();
    loadObservations();
    onChanged(m);
  };
  if (!patient) return error ? <Notice kind="error" msg={error} /> : <p>{t('common.loading')}</p>;
  const today = localDateOf(new Date(), config.operationsTz);
  const oldestObservation = observations?.items[observations.items.length - 1]?.observation.takenAt;
  // the tier changes as far back as the observations shown (all of them once every observation is loaded)
  const complete = !observations || observations.items.length >= observations.total;
  const items = timeline(
    (observations?.items ?? []).map((o) => ({ at: o.observation.takenAt, entry: o })),
    history.filter((h) => complete || !oldestObservation || h.at >= oldestObservation),
  );
  const fact = (label: string, value: preact.ComponentChildren, name: string) => (
    <div>
      <dt>{label}</dt>
      <dd data-fact={name}>{value}</dd>
    </div>
  );
  return (
    <>
      <Section
        title={patient.fullName}
        id="patient"
        actions={
          <button type="button" class="btn" onClick={onBack}>
            {t('pt.back')}
          </button>
        }
      >
        <p class="row" data-testid="patient-tier">
          <TierBadge tier={patient.riskTier} override={patient.tierSource === 'override'} />
          <a href={`tel:${patient.phone}`}>{patient.phone}</a>
        </p>
        <dl class="patient-facts" data-testid="patient-facts">
          {fact(
            t('pt.dateOfBirth'),
            `${patient.dateOfBirth} · ${t('pt.age', { n: ageOn(patient.dateOfBirth, today) })}`,
            'age',
          )}
          {fact(t('pt.sex'), t(`sex.${patient.sex}`), 'sex')}
          {fact(
            t('pt.district'),
            `${patient.district}${patient.ward ? `, ${patient.ward}` : ''}`,
            'district',
          )}
          {fact(t('pt.careSetting'), t(`care.${patient.careSetting}`), 'careSetting')}
          {fact(t('ct.status'), t(`ct.status.${patient.status}`), 'status')}
          {fact(t('ct.doctor'), patient.assignedDoctorName ?? t('ct.noDoctor'), 'doctor')}
          {fact(
            t('ct.nextFollowUp'),
            patient.nextFollowUpDueAt ? time(patient.nextFollowUpDueAt, true) : t('ct.noFollowUp'),
            'nextFollowUp',
          )}
        </dl>
      </Section>
      <ObservationForm patientId={id} onSaved={changed} />
      <OverrideForm key={patient.riskTier} patientId={id} current={patient.riskTier} onSaved={changed} />
      <Section title={t('ct.timeline')} id="history">
        {items.length === 0 ? <p class="muted">{t('ct.timeline.empty')}</p> : null}
        <ol class="timeline" data-testid="timeline">
          {items.map((i) =>
            i.kind === 'tier' ? (
              <li key={`t${i.at}${i.item.to}`} class="tier" data-kind="tier">
                <span class="muted">{time(i.at, true)}</span> <strong>{t('ct.tierChange')}</strong>{' '}
                {i.item.from ? <TierBadge tier={i.item.from} /> : null} → <TierBadge tier={i.item.to} />{' '}
                <span class="muted">
                  {i.item.source === 'override' ? t('tier.override') : t('pt.rules')}
                  {i.item.ruleSet ? ` · ${t('pt.ruleSet', { id: i.item.ruleSet })}` : ''}
                  {i.item.changedByRole ? ` · ${t('pt.by', { who: t(`role.${i.item.changedByRole}`) })}` : ''}
                </span>
                {i.item.reasons.length ? <ReasonList reasons={i.item.reasons} /> : null}
              </li>
            ) : (
              <li key={i.item.entry.observation.id} class="observation" data-kind="observation">
                <span class="muted">{time(i.at, true)}</span> <strong>{t('ct.observed')}</strong>{' '}
                {i.item.entry.assessment ? <TierBadge tier={i.item.entry.assessment.tier} /> : null}
                <ObservationValues o={i.item.entry.observation} />
              </li>
            ),
          )}
        </ol>
        {observations && observations.items.length < observations.total ? (
          <button
            type="button"
            class="btn"
            onClick={() => setLimit(Math.min(100, limit + 20))}
            disabled={limit >= 100}
          >
            {t('ct.more')}
          </button>
        ) : null}
      </Section>
    </>
  );
}

/** The values of one observation in words: "SpO2 96 %", "Nhịp thở 18", … only those recorded. */
function ObservationValues({ o }: { o: ObservationEntry['observation'] }) {
  const { t } = useApp();
  const values: [string, string | number | null][] = [
    ['spo2', o.spo2],
    ['respiratoryRate', o.respiratoryRate],
    ['heartRate', o.heartRate],
    ['temperature', o.temperature],
    ['systolicBp', o.systolicBp],
    ['diastolicBp', o.diastolicBp],
  ];
  return (
    <ul class="vitals">
      {values
        .filter(([, v]) => v !== null)
        .map(([k, v]) => (
          <li key={k}>
            {t(`vital.${k}`)}: <strong>{v}</strong>
          </li>
        ))}
      {o.consciousness && o.consciousness !== 'alert' ? <li>{t(`cons.${o.consciousness}`)}</li> : null}
      {o.onOxygen ? <li>{t('vital.onOxygen')}</li> : null}
      {o.symptoms.map((s) => (
        <li key={s}>{t(`sym.${s}`)}</li>
      ))}
    </ul>
  );
}

function ObservationForm({ patientId, onSaved }: { patientId: string; onSaved: (m: Message) => void }) {
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
      onSaved({ kind: 'ok', key: 'ct.observationSaved', params: { tier: `@tier.${res.assessment.tier}` } });
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
  onSaved: (m: Message) => void;
}) {
  const { t } = useApp();
  const [tier, setTier] = useState<string>(current);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<Msg | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = validateOverride(tier, reason);
    setErrors(found);
    if (hasErrors(found)) return;
    try {
      const after = await put<Patient>(`/api/patients/${patientId}/risk-tier`, {
        tier,
        reason: reason.trim(),
      });
      setReason('');
      setError(null);
      // the notice is the page's (this form is drawn again for the new tier)
      onSaved(
        after.riskTier === current
          ? { kind: 'ok', key: 'ct.overrideSame', params: { to: `@tier.${after.riskTier}` } }
          : {
              kind: 'ok',
              key: 'ct.overridden',
              params: { from: `@tier.${current}`, to: `@tier.${after.riskTier}` },
            },
      );
    } catch (err) {
      setError(errorMessage(err));
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
        {error ? <Notice kind="error" msg={error} /> : null}
        <button type="submit" class="btn">
          {t('pt.overrideSave')}
        </button>
      </form>
    </Section>
  );
}
