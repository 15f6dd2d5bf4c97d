import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, put, query, type Doctor } from '../../api';
import { Notice, Section } from '../../components';
import { errorMessage, type Msg } from '../../lib/messages';
import { useApp } from '../../context';
import { addDays, datesFrom, localDateOf, windowKey } from '../../lib/dates';

export function AvailabilityGrid({ doctor }: { doctor: Doctor }) {
  const { t, config, dayLabel } = useApp();
  const today = localDateOf(new Date(), config.operationsTz);
  const from = today;
  const to = addDays(today, 13);
  const dates = datesFrom(from, 14);
  const shifts = config.windows[doctor.group];
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    get<{ windows: string[] }>(`/api/doctors/${doctor.id}/availability${query({ from, to })}`).then(
      (res) => setChosen(new Set(res.windows)),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [doctor.id, from, to]);
  const toggle = async (key: string) => {
    if (!chosen) return;
    const next = new Set(chosen);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    const before = chosen;
    setChosen(next);
    setSaving(true);
    setError(null);
    try {
      const res = await put<{ windows: string[] }>(`/api/doctors/${doctor.id}/availability`, {
        from,
        to,
        windows: [...next].sort(),
      });
      setChosen(new Set(res.windows));
    } catch (err) {
      setChosen(before);
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Section
      title={t('doc.availability')}
      id="availability"
      actions={saving ? <span class="muted">…</span> : null}
    >
      <p class="muted">{t('doc.availability.hint')}</p>
      {error ? <Notice kind="error" msg={error} /> : null}
      {chosen ? (
        <div
          class="avail-grid"
          role="group"
          aria-label={t('doc.availability')}
          style={{ '--cols': String(shifts.length) }}
        >
          <span />
          {shifts.map((s) => (
            <span class="avail-head" key={s}>
              {s.replace('-', '–')}h
            </span>
          ))}
          {dates.map((d) => (
            <Fragment key={d}>
              <span class="avail-day">{dayLabel(d)}</span>
              {shifts.map((s) => {
                const key = windowKey(d, s);
                const on = chosen.has(key);
                return (
                  <button
                    type="button"
                    key={key}
                    class={`avail-cell ${on ? 'on' : ''}`}
                    aria-pressed={on}
                    data-key={key}
                    aria-label={`${dayLabel(d)} ${s}`}
                    onClick={() => void toggle(key)}
                  >
                    {on ? `✓ ${t('doc.availability.on')}` : t('doc.availability.off')}
                  </button>
                );
              })}
            </Fragment>
          ))}
        </div>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </Section>
  );
}
