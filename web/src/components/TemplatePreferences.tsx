/**
 * A reseller's or client's own templates for its domains and mailboxes (when the settings allow
 * customers to choose; an admin may always set them). Choices come from the templates that exist
 * for its VoipNow account, and the API checks them again when saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, get, messageOf } from '../api';
import { useLoad } from '../hooks';
import type { TemplatePreferences as Preferences, Template } from '../types';
import { Loading, Notice } from './ui';

function Choice({
  id,
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  options: Template[];
  onChange(value: string): void;
  disabled: boolean;
}) {
  const known = value === '' || options.some((t) => t.name === value);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">The admin's choice (settings)</option>
        {!known && <option value={value}>{value} (no longer in VoipNow)</option>}
        {options.map((t) => (
          <option key={t.id} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TemplatePreferences({ account, admin }: { account: string; admin: boolean }) {
  const loaded = useLoad(() => get<Preferences>(`/accounts/${account}/templates`), [account]);
  const [client, setClient] = useState('');
  const [extension, setExtension] = useState('');
  const [saved, setSaved] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!loaded.data) return;
    setClient(loaded.data.client ?? '');
    setExtension(loaded.data.extension ?? '');
  }, [loaded.data]);

  if (loaded.error) return <Notice tone="error">{loaded.error}</Notice>;
  const data = loaded.data;
  if (!data) return <Loading what="template preferences" />;
  if (!data.allowed && !admin)
    return <Notice>Your administrator has not allowed resellers and clients to choose their own templates.</Notice>;

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setSaved(undefined);
    try {
      await api('PUT', `/accounts/${account}/templates`, { client: client || null, extension: extension || null });
      setSaved({ tone: 'success', text: 'Template preferences saved.' });
      await loaded.reload();
    } catch (error) {
      setSaved({ tone: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const none = { client: [], extension: [] };
  return (
    <form onSubmit={(e) => void save(e)} class="card">
      {!data.allowed && <Notice>The settings do not let customers choose; as an admin you may set them.</Notice>}
      {(data.missing ?? []).map((text) => (
        <Notice key={text} tone="error">
          {text}
        </Notice>
      ))}
      {!data.available && <Notice>The templates to choose from are known once this account is replicated to VoipNow.</Notice>}
      <div class="field-row">
        <Choice
          id="pref-client"
          label="Template of its domains (VoipNow clients)"
          value={client}
          options={(data.available ?? none).client}
          onChange={setClient}
          disabled={busy}
        />
        <Choice
          id="pref-extension"
          label="Template of its mailboxes (phone terminal extensions)"
          value={extension}
          options={(data.available ?? none).extension}
          onChange={setExtension}
          disabled={busy}
        />
      </div>
      {saved && <Notice tone={saved.tone}>{saved.text}</Notice>}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save template preferences'}
        </button>
      </div>
    </form>
  );
}
