import { Field } from '../../components';
import { REQUIREMENT_MAX, parseRequirement } from '../../lib/validation';

/** A window's required doctor count, with the range error while the text is not one (parseRequirement). */
export function RequirementField({
  label,
  name,
  value,
  onInput,
}: {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
}) {
  const invalid = parseRequirement(value) === null;
  return (
    <Field
      label={label}
      name={name}
      errors={invalid ? { [name]: { key: 'err.range', params: { min: 0, max: REQUIREMENT_MAX } } } : {}}
    >
      <input name={name} inputMode="numeric" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </Field>
  );
}
