import type { ComponentChildren } from 'preact';
import { useApp, useI18n } from './context';
import { messageText, type Msg, type NoticeKind } from './lib/messages';
import { describeReason } from './lib/reasons';
import type { FormErrors } from './lib/validation';
import { TIER_SYMBOL, type RiskTier } from './lib/tiers';

/** A tier badge: colour, a symbol and the word, so it reads without colour too. */
export function TierBadge({ tier, override }: { tier: RiskTier; override?: boolean }) {
  const { t } = useApp();
  return (
    <span class={`tier tier-${tier}`} data-tier={tier}>
      <span aria-hidden="true">{TIER_SYMBOL[tier]}</span> {t(`tier.${tier}`)}
      {override ? <small> ({t('tier.override')})</small> : null}
    </span>
  );
}

export function FieldError({ errors, name }: { errors: FormErrors; name: string }) {
  const { t } = useApp();
  const e = errors[name];
  return e ? (
    <span class="field-error" id={`err-${name}`} role="alert">
      {t(e.key, e.params)}
    </span>
  ) : null;
}

export function Field({
  label,
  name,
  errors,
  children,
}: {
  label: string;
  name: string;
  errors?: FormErrors;
  children: ComponentChildren;
}) {
  return (
    <label class={`field ${errors?.[name] ? 'invalid' : ''}`}>
      <span class="label">{label}</span>
      {children}
      {errors ? <FieldError errors={errors} name={name} /> : null}
    </label>
  );
}

/** A row of tabs; each tab's label is the dictionary entry `nav.<key>`. */
export function Tabs<K extends string>({
  keys,
  active,
  onSelect,
  label,
}: {
  keys: readonly K[];
  active: K;
  onSelect: (key: K) => void;
  label?: string;
}) {
  const { t } = useApp();
  return (
    <nav class="tabs" role="tablist" aria-label={label}>
      {keys.map((k) => (
        <button
          key={k}
          type="button"
          role="tab"
          aria-selected={active === k}
          class={`tab ${active === k ? 'active' : ''}`}
          onClick={() => onSelect(k)}
        >
          {t(`nav.${k}`)}
        </button>
      ))}
    </nav>
  );
}

/**
 * The rules that set a tier in clinician words ("Mạch ≥ 180 lần/phút (trẻ dưới 1 tuổi)"), each with
 * its code (`danger:pulse>=180`) beside it for reference; a text that is not a code (an override's
 * reason) is shown as written.
 */
export function ReasonList({ reasons }: { reasons: readonly string[] }) {
  const { lang } = useApp();
  return (
    <ul class="reasons">
      {reasons.map((r) => {
        const words = describeReason(r, lang);
        return (
          <li key={r}>
            {words ?? r}
            {words ? (
              <>
                {' '}
                <code class="muted">{r}</code>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A one-line notice. `msg` is a message key put into words here, at render time, so it follows the
 * language toggle; `children` is for what is already words of the page (a list, a link).
 */
export function Notice({
  kind,
  msg,
  children,
}: {
  kind: NoticeKind;
  msg?: Msg;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {msg ? messageText(t, msg) : null}
      {children}
    </p>
  );
}

export function Section({
  title,
  children,
  id,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  id?: string;
  actions?: ComponentChildren;
}) {
  return (
    <section class="card" id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <header class="card-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
