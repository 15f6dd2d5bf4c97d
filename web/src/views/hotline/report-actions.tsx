import { useState } from 'preact/hooks';
import { post } from '../../api';
import { Field, Notice } from '../../components';
import { errorMessage, type Msg } from '../../lib/messages';
import { useApp } from '../../context';
import type { Contact } from './types';

/** A district officer's steps on a forwarded report: acknowledge, handled with a result, or return with a reason. */
export function ReportActions({
  contact,
  onDone,
}: {
  contact: Contact;
  onDone: (c: Contact | null) => void;
}) {
  const { t } = useApp();
  const [mode, setMode] = useState<'handled' | 'return' | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (path: string, body: Record<string, string>, gone = false) => {
    setBusy(true);
    setError(null);
    try {
      const c = await post<Contact>(`/api/contacts/${contact.id}/${path}`, body);
      setMode(null);
      setText('');
      onDone(gone ? null : c);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const errorNote = error ? <Notice kind="error" msg={error} /> : null;
  if (!mode)
    return (
      <div class="actions">
        {contact.status === 'forwarded' ? (
          <button
            type="button"
            class="btn primary"
            disabled={busy}
            onClick={() => void run('acknowledge', {})}
          >
            {t('hl.acknowledge')}
          </button>
        ) : null}
        {contact.status === 'in_progress' ? (
          <button type="button" class="btn" onClick={() => setMode('handled')}>
            {t('hl.handled')}
          </button>
        ) : null}
        <button type="button" class="btn" onClick={() => setMode('return')}>
          {t('hl.return')}
        </button>
        {errorNote}
      </div>
    );
  const handled = mode === 'handled';
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          handled ? 'handled' : 'return',
          handled ? { result: text.trim() } : { reason: text.trim() },
          !handled,
        );
      }}
    >
      <Field label={handled ? t('hl.result') : t('hl.returnReason')} name={handled ? 'result' : 'reason'}>
        <input
          name={handled ? 'result' : 'reason'}
          required
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          autoFocus
        />
      </Field>
      <button type="submit" class="btn primary" disabled={busy || !text.trim()}>
        {handled ? t('hl.handled') : t('hl.return')}
      </button>
      <button type="button" class="btn" onClick={() => setMode(null)}>
        {t('common.cancel')}
      </button>
      {errorNote}
    </form>
  );
}
