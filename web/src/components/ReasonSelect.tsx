/** A choice of failure reason for the filters of the lists and the log: every reason the engine reports, in its words. */
import { REASON_TYPES, reasonText } from '../../../domain/reasons';

export function ReasonSelect({ value, onChange }: { value: string; onChange?(value: string): void }) {
  return (
    <div class="field">
      <label for="reason">Failed reason</label>
      <select id="reason" name="reason" value={value} onChange={onChange ? (e) => onChange(e.currentTarget.value) : undefined}>
        <option value="">Any reason</option>
        {REASON_TYPES.map((type) => (
          <option key={type} value={type}>
            {reasonText(type)}
          </option>
        ))}
      </select>
    </div>
  );
}
