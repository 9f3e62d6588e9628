/**
 * Settings of a Plesk server (admins; product spec section 6): the VoipNow link with "Check
 * connection", control-panel integration and SSO, the SOAP tag and timeout, automatic and manual
 * replication templates, customers choosing templates, the Plesk connection and the Plesk
 * extension's secret. Secrets are write-only: the form says whether each is set, and sends one
 * only when a new one is typed. Only what changed is sent.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, get, messageOf, post } from '../api';
import { PleskExtensionSettings } from '../components/PleskExtensionSettings';
import { PleskServers } from '../components/PleskServers';
import { Loading, Notice } from '../components/ui';
import { useLoad, useTitle } from '../hooks';
import { useSession } from '../session';
import type { CheckReply, Settings as SettingsView } from '../types';

type Levels = 'reseller' | 'client' | 'extension';
const LEVELS: [Levels, string][] = [
  ['reseller', 'Resellers and clients (VoipNow resellers)'],
  ['client', 'Domains (VoipNow clients)'],
  ['extension', 'Mailboxes (phone terminal extensions)'],
];

interface Draft {
  view: SettingsView;
  secrets: { voipnowPassword: string; voipnowAppSecret: string; pleskSecret: string };
}

/** The changed fields only, in the shape PATCH /settings takes. */
function patchOf(draft: Draft, saved: SettingsView): Record<string, unknown> {
  const v = draft.view;
  const patch: Record<string, Record<string, unknown>> = {};
  const put = (group: string, name: string, value: unknown, before: unknown) => {
    if (value === before) return;
    patch[group] ??= {};
    patch[group]![name] = value;
  };
  for (const name of ['url', 'authMethod', 'login', 'publicKey', 'appKey', 'tlsVerify'] as const)
    put('voipnow', name, v.voipnow[name] === '' ? null : v.voipnow[name], saved.voipnow[name]);
  if (draft.secrets.voipnowPassword) put('voipnow', 'password', draft.secrets.voipnowPassword, undefined);
  if (draft.secrets.voipnowAppSecret) put('voipnow', 'appSecret', draft.secrets.voipnowAppSecret, undefined);
  for (const name of ['url', 'authMethod', 'login', 'tlsVerify'] as const)
    put('plesk', name, v.plesk[name] === '' ? null : v.plesk[name], saved.plesk[name]);
  if (draft.secrets.pleskSecret) put('plesk', 'secret', draft.secrets.pleskSecret, undefined);
  put('soap', 'tag', v.soap.tag, saved.soap.tag);
  put('soap', 'timeoutSeconds', v.soap.timeoutSeconds, saved.soap.timeoutSeconds);
  for (const name of ['resellers', 'domains', 'mailboxes'] as const)
    put('automaticReplication', name, v.automaticReplication[name], saved.automaticReplication[name]);
  const templates = (group: 'automaticReplication' | 'manualReplication') => {
    const changed: Record<string, string | null> = {};
    for (const [level] of LEVELS) {
      const value = v[group].templates[level]?.trim() || null;
      if (value !== saved[group].templates[level]) changed[level] = value;
    }
    if (Object.keys(changed).length > 0) {
      patch[group] ??= {};
      patch[group]!.templates = changed;
    }
  };
  templates('automaticReplication');
  templates('manualReplication');
  const flat: Record<string, unknown> = { ...patch };
  if (v.integrationMethod !== saved.integrationMethod) flat.integrationMethod = v.integrationMethod;
  if (v.allowWithoutSso !== saved.allowWithoutSso) flat.allowWithoutSso = v.allowWithoutSso;
  if (v.allowCustomerTemplates !== saved.allowCustomerTemplates) flat.allowCustomerTemplates = v.allowCustomerTemplates;
  // Login fields are nullable only as "not used with a key"; the API wants them left out then.
  for (const group of ['voipnow', 'plesk'] as const) {
    const g = flat[group] as Record<string, unknown> | undefined;
    if (g) for (const [name, value] of Object.entries(g)) if (value === null) delete g[name];
    if (g && Object.keys(g).length === 0) delete flat[group];
  }
  return flat;
}

function Secret({
  id,
  label,
  state,
  value,
  onInput,
}: {
  id: string;
  label: string;
  state: 'set' | 'not set';
  value: string;
  onInput(value: string): void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="password"
        autocomplete="new-password"
        value={value}
        placeholder={state === 'set' ? 'Set (type a new one to change it)' : 'Not set'}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}

function CheckResult({ result }: { result: CheckReply }) {
  if (!result.ok) return <Notice tone="error">VoipNow cannot be used: {result.reason}</Notice>;
  const s = result.server!;
  return (
    <Notice tone="success">
      <p>
        <strong>VoipNow answered and accepted the credentials.</strong>
      </p>
      <dl class="facts compact">
        {s.title && (
          <div>
            <dt>Server</dt>
            <dd>{s.title}</dd>
          </div>
        )}
        {s.version && (
          <div>
            <dt>Version</dt>
            <dd>
              {s.version}
              {s.buildNo ? ` (build ${s.buildNo})` : ''}
            </dd>
          </div>
        )}
        {s.resellers !== undefined && (
          <div>
            <dt>Accounts</dt>
            <dd>
              {s.resellers} resellers, {s.clients ?? 0} clients, {s.extensions ?? 0} extensions
            </dd>
          </div>
        )}
        <div>
          <dt>SSO</dt>
          <dd>{s.sso ? 'installed' : 'not installed'}</dd>
        </div>
        {s.apis.length > 0 && (
          <div>
            <dt>APIs</dt>
            <dd>{s.apis.map((a) => `${a.protocol} ${a.version}`).join(', ')}</dd>
          </div>
        )}
      </dl>
    </Notice>
  );
}

export function Settings() {
  useTitle('Settings');
  const { server } = useSession();
  const loaded = useLoad(() => get<SettingsView>(`/settings/${server}`), [server]);
  const [draft, setDraft] = useState<Draft>();
  const [saved, setSaved] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [check, setCheck] = useState<CheckReply | { error: string }>();
  const [busy, setBusy] = useState<'save' | 'check'>();

  useEffect(() => {
    if (loaded.data)
      setDraft({ view: structuredClone(loaded.data), secrets: { voipnowPassword: '', voipnowAppSecret: '', pleskSecret: '' } });
  }, [loaded.data]);

  if (loaded.error) return <Notice tone="error">{loaded.error}</Notice>;
  if (!draft || !loaded.data) return <Loading what="the settings" />;
  const v = draft.view;
  const edit = (change: (view: SettingsView) => void) => {
    const view = structuredClone(draft.view);
    change(view);
    setDraft({ ...draft, view });
  };
  const secret = (name: keyof Draft['secrets'], value: string) => setDraft({ ...draft, secrets: { ...draft.secrets, [name]: value } });

  const save = async (event: Event) => {
    event.preventDefault();
    const patch = patchOf(draft, loaded.data!);
    if (Object.keys(patch).length === 0) {
      setSaved({ tone: 'success', text: 'Nothing changed.' });
      return;
    }
    setBusy('save');
    setSaved(undefined);
    try {
      await api('PATCH', `/settings/${server}`, patch);
      await loaded.reload();
      setSaved({ tone: 'success', text: 'Settings saved.' });
    } catch (error) {
      setSaved({ tone: 'error', text: messageOf(error) });
    } finally {
      setBusy(undefined);
    }
  };

  const checkConnection = async () => {
    setBusy('check');
    setCheck(undefined);
    try {
      setCheck(await post<CheckReply>(`/settings/${server}/check`));
    } catch (error) {
      setCheck({ error: messageOf(error) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <h1>Settings of {server}</h1>
      {(loaded.data.templateWarnings ?? []).map((text) => (
        <Notice key={text} tone="error">
          {text}
        </Notice>
      ))}
      <form onSubmit={(e) => void save(e)} class="settings">
        <fieldset class="card">
          <legend>VoipNow server</legend>
          <div class="field">
            <label for="voipnow-url">IP or hostname (URL)</label>
            <input
              id="voipnow-url"
              type="url"
              required
              value={v.voipnow.url}
              onInput={(e) => edit((s) => void (s.voipnow.url = e.currentTarget.value))}
            />
          </div>
          <fieldset class="inline">
            <legend>API authentication</legend>
            <label class="check">
              <input
                type="radio"
                name="voipnow-auth"
                checked={v.voipnow.authMethod === 'password'}
                onChange={() => edit((s) => void (s.voipnow.authMethod = 'password'))}
              />{' '}
              Password (admin username and password)
            </label>
            <label class="check">
              <input
                type="radio"
                name="voipnow-auth"
                checked={v.voipnow.authMethod === 'encryptedKey'}
                onChange={() => edit((s) => void (s.voipnow.authMethod = 'encryptedKey'))}
              />{' '}
              Key (API encrypted key)
            </label>
            <label class="check">
              <input
                type="radio"
                name="voipnow-auth"
                checked={v.voipnow.authMethod === 'key'}
                onChange={() => edit((s) => void (s.voipnow.authMethod = 'key'))}
              />{' '}
              Application key and secret
            </label>
          </fieldset>
          {v.voipnow.authMethod !== 'key' && (
            <div class="field">
              <label for="voipnow-publickey">Public connection key (PEM, from VoipNow's Encryption keys page)</label>
              <textarea
                id="voipnow-publickey"
                rows={4}
                spellcheck={false}
                value={v.voipnow.publicKey ?? ''}
                onInput={(e) => edit((s) => void (s.voipnow.publicKey = e.currentTarget.value))}
              />
              <span class="muted">Used by the API encrypted key and by Key integration (switching users in without a password).</span>
            </div>
          )}
          {v.voipnow.authMethod === 'encryptedKey' ? (
            <div class="field">
              <label for="voipnow-login">Admin username</label>
              <input
                id="voipnow-login"
                autocomplete="off"
                value={v.voipnow.login ?? ''}
                onInput={(e) => edit((s) => void (s.voipnow.login = e.currentTarget.value))}
              />
            </div>
          ) : v.voipnow.authMethod === 'password' ? (
            <div class="field-row">
              <div class="field">
                <label for="voipnow-login">Admin username</label>
                <input
                  id="voipnow-login"
                  autocomplete="off"
                  value={v.voipnow.login ?? ''}
                  onInput={(e) => edit((s) => void (s.voipnow.login = e.currentTarget.value))}
                />
              </div>
              <Secret
                id="voipnow-password"
                label="Admin password"
                state={loaded.data.voipnow.password}
                value={draft.secrets.voipnowPassword}
                onInput={(x) => secret('voipnowPassword', x)}
              />
            </div>
          ) : (
            <div class="field-row">
              <div class="field">
                <label for="voipnow-appkey">Application key</label>
                <input
                  id="voipnow-appkey"
                  autocomplete="off"
                  value={v.voipnow.appKey ?? ''}
                  onInput={(e) => edit((s) => void (s.voipnow.appKey = e.currentTarget.value))}
                />
              </div>
              <Secret
                id="voipnow-appsecret"
                label="Application secret"
                state={loaded.data.voipnow.appSecret}
                value={draft.secrets.voipnowAppSecret}
                onInput={(x) => secret('voipnowAppSecret', x)}
              />
            </div>
          )}
          <label class="check">
            <input
              type="checkbox"
              checked={v.voipnow.tlsVerify}
              onChange={(e) => edit((s) => void (s.voipnow.tlsVerify = e.currentTarget.checked))}
            />{' '}
            Check the server's TLS certificate
          </label>
          <div class="actions">
            <button type="button" class="button-secondary" onClick={() => void checkConnection()} disabled={busy !== undefined}>
              {busy === 'check' ? 'Checking…' : 'Check connection'}
            </button>
            <span class="muted">Checks the saved settings.</span>
          </div>
          {check && ('error' in check ? <Notice tone="error">{check.error}</Notice> : <CheckResult result={check} />)}
        </fieldset>

        <fieldset class="card">
          <legend>Control panel integration</legend>
          <fieldset class="inline">
            <legend>Integration method</legend>
            <label class="check">
              <input
                type="radio"
                name="integration"
                checked={v.integrationMethod === 'key'}
                onChange={() => edit((s) => void (s.integrationMethod = 'key'))}
              />{' '}
              Key (users are logged in to VoipNow through the API, no password needed)
            </label>
            <label class="check">
              <input
                type="radio"
                name="integration"
                checked={v.integrationMethod === 'sso'}
                onChange={() => edit((s) => void (s.integrationMethod = 'sso'))}
              />{' '}
              SSO
            </label>
          </fieldset>
          <label class="check">
            <input
              type="checkbox"
              checked={v.allowWithoutSso}
              onChange={(e) => edit((s) => void (s.allowWithoutSso = e.currentTarget.checked))}
            />{' '}
            Allow VoipNow integration without SSO installed
          </label>
        </fieldset>

        <fieldset class="card">
          <legend>SOAP API</legend>
          <div class="field-row">
            <div class="field">
              <label for="soap-tag">Tag written onto every object created</label>
              <input
                id="soap-tag"
                required
                pattern="[A-Za-z0-9._\-]{1,40}"
                value={v.soap.tag}
                onInput={(e) => edit((s) => void (s.soap.tag = e.currentTarget.value))}
              />
            </div>
            <div class="field">
              <label for="soap-timeout">Timeout in seconds</label>
              <input
                id="soap-timeout"
                type="number"
                min={1}
                max={600}
                required
                value={v.soap.timeoutSeconds}
                onInput={(e) => edit((s) => void (s.soap.timeoutSeconds = Number(e.currentTarget.value)))}
              />
            </div>
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>Automatic replication</legend>
          <p class="muted">
            Newly added Plesk accounts of the levels switched on are replicated automatically, with the template named for their level.
          </p>
          {(['resellers', 'domains', 'mailboxes'] as const).map((level) => (
            <label class="check" key={level}>
              <input
                type="checkbox"
                checked={v.automaticReplication[level]}
                onChange={(e) => edit((s) => void (s.automaticReplication[level] = e.currentTarget.checked))}
              />{' '}
              {level === 'resellers'
                ? 'Replicate new resellers and clients'
                : level === 'domains'
                  ? 'Replicate new domains'
                  : 'Replicate new mailboxes'}
            </label>
          ))}
          <TemplateFields
            idPrefix="auto"
            values={v.automaticReplication.templates}
            onInput={(level, value) => edit((s) => void (s.automaticReplication.templates[level] = value))}
          />
        </fieldset>

        <fieldset class="card">
          <legend>Manual replication templates</legend>
          <p class="muted">
            Used when someone replicates an account from the console or the CLI. Left empty, they choose one of the templates that exist.
          </p>
          <TemplateFields
            idPrefix="manual"
            values={v.manualReplication.templates}
            onInput={(level, value) => edit((s) => void (s.manualReplication.templates[level] = value))}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={v.allowCustomerTemplates}
              onChange={(e) => edit((s) => void (s.allowCustomerTemplates = e.currentTarget.checked))}
            />{' '}
            Resellers and clients may choose the templates of their domains and mailboxes
          </label>
        </fieldset>

        <fieldset class="card">
          <legend>Plesk server</legend>
          <div class="field">
            <label for="plesk-url">URL</label>
            <input
              id="plesk-url"
              type="url"
              required
              value={v.plesk.url}
              onInput={(e) => edit((s) => void (s.plesk.url = e.currentTarget.value))}
            />
          </div>
          <fieldset class="inline">
            <legend>Authentication</legend>
            <label class="check">
              <input
                type="radio"
                name="plesk-auth"
                checked={v.plesk.authMethod === 'password'}
                onChange={() => edit((s) => void (s.plesk.authMethod = 'password'))}
              />{' '}
              Login and password
            </label>
            <label class="check">
              <input
                type="radio"
                name="plesk-auth"
                checked={v.plesk.authMethod === 'key'}
                onChange={() => edit((s) => void (s.plesk.authMethod = 'key'))}
              />{' '}
              Secret key
            </label>
          </fieldset>
          <div class="field-row">
            {v.plesk.authMethod === 'password' && (
              <div class="field">
                <label for="plesk-login">Login</label>
                <input
                  id="plesk-login"
                  autocomplete="off"
                  value={v.plesk.login ?? ''}
                  onInput={(e) => edit((s) => void (s.plesk.login = e.currentTarget.value))}
                />
              </div>
            )}
            <Secret
              id="plesk-secret"
              label={v.plesk.authMethod === 'password' ? 'Password' : 'Secret key'}
              state={loaded.data.plesk.secret}
              value={draft.secrets.pleskSecret}
              onInput={(x) => secret('pleskSecret', x)}
            />
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={v.plesk.tlsVerify}
              onChange={(e) => edit((s) => void (s.plesk.tlsVerify = e.currentTarget.checked))}
            />{' '}
            Check the server's TLS certificate
          </label>
        </fieldset>

        {saved && <Notice tone={saved.tone}>{saved.text}</Notice>}
        <div class="actions">
          <button type="submit" disabled={busy !== undefined}>
            {busy === 'save' ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
      <PleskExtensionSettings server={server} />
      <PleskServers />
    </>
  );
}

function TemplateFields({
  idPrefix,
  values,
  onInput,
}: {
  idPrefix: string;
  values: Record<Levels, string | null>;
  onInput(level: Levels, value: string): void;
}) {
  return (
    <div class="field-row">
      {LEVELS.map(([level, text]) => (
        <div class="field" key={level}>
          <label for={`${idPrefix}-${level}`}>Template for {text}</label>
          <input
            id={`${idPrefix}-${level}`}
            value={values[level] ?? ''}
            placeholder="No template"
            onInput={(e) => onInput(level, e.currentTarget.value)}
          />
        </div>
      ))}
    </div>
  );
}
