import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Doctor, get, type Page, query, api } from '../../api';
import { Notice, Section } from '../../components';
import { errorMessage, type Msg } from '../../lib/messages';
import { useApp } from '../../context';

interface ImportResult {
  created: number;
  updated: number;
  errors: { line: number; message: string }[];
}

export function DoctorsPanel() {
  const { t } = useApp();
  const [q, setQ] = useState('');
  const [group, setGroup] = useState('');
  const [page, setPage] = useState<Page<Doctor> | null>(null);
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const search = useCallback((text: string, g: string) => {
    get<Page<Doctor>>(`/api/doctors${query({ q: text.trim(), group: g, limit: 50 })}`).then(
      setPage,
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => search(q, group), 250);
    return () => clearTimeout(timer);
  }, [q, group, search]);
  const runImport = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api<ImportResult>('POST', '/api/doctors/import', csv, 'text/csv'));
      search(q, group);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const readFile = async (file: File | undefined) => {
    if (file) setCsv(await file.text());
  };
  return (
    <>
      <Section title={t('docs.title')} id="doctors">
        <div class="toolbar">
          <input
            type="search"
            name="q"
            placeholder={t('docs.search')}
            aria-label={t('docs.search')}
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
          <select
            aria-label={t('roster.group')}
            value={group}
            onChange={(e) => setGroup(e.currentTarget.value)}
          >
            <option value="">{t('common.all')}</option>
            <option value="consult">{t('group.consult')}</option>
            <option value="active_care">{t('group.active_care')}</option>
          </select>
        </div>
        {page ? <p class="muted">{t('docs.total', { n: page.total })}</p> : null}
        <ul class="list">
          {page?.items.map((d) => (
            <li key={d.id} class="row">
              <strong>{d.fullName}</strong>
              <span class="muted">
                {d.specialty} · {t('docs.years', { n: d.yearsOfExperience })} · {t(`group.${d.group}`)}
              </span>
              <a href={`tel:${d.phone}`}>{d.phone}</a>
              {!d.active ? <span class="badge warn">{t('docs.inactive')}</span> : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('docs.import')} id="import">
        <form onSubmit={(e) => void runImport(e)}>
          <p class="muted">{t('docs.importHint')}</p>
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label={t('docs.importFile')}
            onChange={(e) => void readFile(e.currentTarget.files?.[0])}
          />
          <textarea
            name="csv"
            rows={6}
            class="mono"
            value={csv}
            onInput={(e) => setCsv(e.currentTarget.value)}
            aria-label="CSV"
          />
          <button type="submit" class="btn primary" disabled={!csv.trim()}>
            {t('docs.importRun')}
          </button>
        </form>
        {error ? <Notice kind="error" msg={error} /> : null}
        {result ? (
          <div data-testid="import-result">
            <Notice kind={result.errors.length ? 'info' : 'ok'}>
              {t('docs.importResult', {
                created: result.created,
                updated: result.updated,
                errors: result.errors.length,
              })}
            </Notice>
            {result.errors.length ? (
              <table class="errors">
                <tbody>
                  {result.errors.map((e, i) => (
                    <tr key={i}>
                      <th scope="row">{t('docs.line', { line: e.line })}</th>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
      </Section>
    </>
  );
}
