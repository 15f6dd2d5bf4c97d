import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../context';
import { parseRequirement } from '../../lib/validation';
import { RequirementField } from './requirement-field';
import { type Requirements } from './roster-cells';

export function RequirementsForm({
  requirements,
  busy,
  onSave,
}: {
  requirements: Requirements;
  busy: boolean;
  onSave: (r: Requirements) => void;
}) {
  const { t } = useApp();
  const [value, setValue] = useState(String(requirements.default));
  useEffect(() => setValue(String(requirements.default)), [requirements.default]);
  const parsed = parseRequirement(value);
  return (
    <form
      class="inline-form requirements"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed !== null) onSave({ ...requirements, default: parsed });
      }}
    >
      <RequirementField label={t('roster.default')} name="default" value={value} onInput={setValue} />
      <span class="muted">{t('roster.overrides', { n: Object.keys(requirements.overrides).length })}</span>
      <button type="submit" class="btn small" disabled={busy || parsed === null}>
        {t('common.save')}
      </button>
    </form>
  );
}
