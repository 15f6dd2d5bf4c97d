import { useCallback, useEffect, useState } from 'preact/hooks';
import { type FollowUp, get, type Page, type Patient, query } from '../../api';
import { Section, TierBadge } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { byTierThenName } from '../../lib/tiers';
import { type FollowUpOutcome, FollowUpForm, FollowUpResult } from './follow-up-form';

export function FollowUpsPanel({ doctorId }: { doctorId: string }) {
  const { t, time } = useApp();
  const [patients, setPatients] = useState<Patient[]>([]);
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<FollowUpOutcome | null>(null);
  const load = useCallback(() => {
    get<Page<Patient>>(`/api/patients${query({ limit: 200 })}`).then(
      (p) => setPatients(p.items),
      () => undefined,
    );
    Promise.all([
      get<Page<FollowUp>>(`/api/follow-ups${query({ status: 'overdue', doctorId, limit: 100 })}`),
      get<Page<FollowUp>>(`/api/follow-ups${query({ status: 'due', doctorId, limit: 100 })}`),
    ]).then(
      ([overdue, due]) => {
        const seen = new Set<string>();
        setFollowUps(
          [...overdue.items, ...due.items].filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true))),
        );
      },
      () => undefined,
    );
  }, [doctorId]);
  useEffect(load, [load]);
  useSocketEvent('followup:assigned', load);
  useSocketEvent('patient:tier-changed', load);
  useOnReconnect(load);
  const byId = new Map(patients.map((p) => [p.id, p]));
  return (
    <>
      <Section title={t('doc.followUps')} id="follow-ups">
        {outcome ? <FollowUpResult outcome={outcome} onClose={() => setOutcome(null)} /> : null}
        {followUps.length === 0 ? <p class="muted">{t('common.none')}</p> : null}
        <ul class="list">
          {followUps.map((f) => {
            const p = byId.get(f.patientId);
            return (
              <li key={f.id} class={f.overdue ? 'overdue' : ''}>
                <div class="row">
                  <TierBadge tier={p?.riskTier ?? f.tier} />
                  <strong>{p?.fullName ?? f.patientId.slice(0, 8)}</strong>
                  <span class={f.overdue ? 'badge warn' : 'muted'}>
                    {f.overdue ? `⚠ ${t('doc.overdue')}` : t('doc.due', { time: time(f.dueAt, true) })}
                  </span>
                  <button
                    type="button"
                    class="btn small"
                    aria-expanded={open === f.id}
                    onClick={() => setOpen(open === f.id ? null : f.id)}
                  >
                    {t('fu.form')}
                  </button>
                </div>
                {open === f.id ? (
                  <FollowUpForm
                    followUp={f}
                    patientName={p?.fullName ?? ''}
                    onDone={(r) => {
                      setOutcome(r);
                      setOpen(null);
                      load();
                    }}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>
      <Section title={t('doc.patients')} id="my-patients">
        {patients.length === 0 ? <p class="muted">{t('pt.none')}</p> : null}
        <ul class="list">
          {[...patients].sort(byTierThenName).map((p) => (
            <li key={p.id} class="row">
              <TierBadge tier={p.riskTier} override={p.tierSource === 'override'} />
              <strong>{p.fullName}</strong>
              <span class="muted">{p.district}</span>
              <a href={`tel:${p.phone}`}>{p.phone}</a>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
