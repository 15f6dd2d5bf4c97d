import { useState } from 'preact/hooks';
import { post } from '../../api';
import { Field, Notice } from '../../components';
import { errorMessage, type Msg } from '../../lib/messages';
import { useApp } from '../../context';
import { AreaCombobox } from './area-combobox';
import type { Contact } from './types';
import type { useAreas } from './use-areas';

/** An operator's two ways to close a received contact: answer it, or forward it to a district and ward. */
export function ContactActions({
  contact,
  areas,
  onDone,
}: {
  contact: Contact;
  areas: ReturnType<typeof useAreas>;
  onDone: (c: Contact) => void;
}) {
  const { t } = useApp();
  const [mode, setMode] = useState<'resolve' | 'forward' | null>(null);
  const [answer, setAnswer] = useState('');
  const [district, setDistrict] = useState(contact.district);
  const [ward, setWard] = useState(contact.ward ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: Event, path: string, body: Record<string, string>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await post<Contact>(`/api/contacts/${contact.id}/${path}`, body));
      setMode(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const id = contact.id.slice(0, 8);
  if (!mode)
    return (
      <div class="actions">
        <button type="button" class="btn" onClick={() => setMode('resolve')}>
          {t('hl.resolve')}
        </button>
        {contact.branch === 4 ? (
          <button type="button" class="btn" onClick={() => setMode('forward')}>
            {t('hl.forward')}
          </button>
        ) : null}
      </div>
    );
  return mode === 'resolve' ? (
    <form class="inline-form" onSubmit={(e) => void run(e, 'resolve', { answer: answer.trim() })}>
      <Field label={t('hl.answer')} name="answer">
        <input
          name="answer"
          required
          value={answer}
          onInput={(e) => setAnswer(e.currentTarget.value)}
          autoFocus
        />
      </Field>
      <button type="submit" class="btn primary" disabled={busy || !answer.trim()}>
        {t('hl.resolve')}
      </button>
      <button type="button" class="btn" onClick={() => setMode(null)}>
        {t('common.cancel')}
      </button>
      {error ? <Notice kind="error" msg={error} /> : null}
    </form>
  ) : (
    <form
      class="inline-form"
      onSubmit={(e) =>
        void run(e, 'forward', {
          district,
          ...(ward ? { ward } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        })
      }
    >
      <AreaCombobox
        id={`fwd-district-${id}`}
        name="forward-district"
        label={t('hl.district')}
        names={areas.districtNames}
        value={district}
        onChange={(d) => {
          setDistrict(d);
          if (d !== district) setWard('');
        }}
        required
      />
      <AreaCombobox
        id={`fwd-ward-${id}`}
        name="forward-ward"
        label={t('hl.ward')}
        names={areas.wardsOf(district)}
        value={ward}
        onChange={setWard}
        disabled={!district}
      />
      <Field label={t('hl.note')} name="note">
        <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="btn primary" disabled={busy || !district}>
        {t('hl.forward')}
      </button>
      <button type="button" class="btn" onClick={() => setMode(null)}>
        {t('common.cancel')}
      </button>
      {error ? <Notice kind="error" msg={error} /> : null}
    </form>
  );
}
