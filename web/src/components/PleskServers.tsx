/**
 * The Plesk servers feeding VoipNow (decision 098): the list, registering one (its discovery
 * starts at once; the VoipNow link is the first server's), and removing one after a confirmation
 * (its discovery stops; its links and history stay; nothing is deleted in VoipNow).
 */
import { useState } from 'preact/hooks';
import { api, get, messageOf, post } from '../api';
import { useLoad } from '../hooks';
import { useSession } from '../session';
import { Loading, Notice, TableScroll, Time } from './ui';

interface ServerRow {
  pleskServer: string;
  pleskUrl?: string;
  soapTag?: string;
  linked?: number;
  removed?: boolean;
  removedAt?: string | null;
}

const EMPTY = { name: '', url: '', login: 'admin', secret: '', loginSuffix: '' };

export function PleskServers() {
  const { refreshServers } = useSession();
  const list = useLoad(() => get<{ items: ServerRow[] }>('/servers'), []);
  const [form, setForm] = useState(EMPTY);
  const [confirming, setConfirming] = useState<string>();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const text = await work();
      await list.reload();
      await refreshServers();
      setMessage({ tone: 'success', text });
    } catch (error) {
      setMessage({ tone: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  const field = (name: keyof typeof EMPTY) => ({
    id: `server-${name}`,
    value: form[name],
    onInput: (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });

  const register = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      await post('/servers', {
        pleskServer: form.name,
        plesk: { url: form.url, login: form.login, secret: form.secret },
        ...(form.loginSuffix ? { voipnow: { loginSuffix: form.loginSuffix } } : {}),
      });
      setForm(EMPTY);
      return `Plesk server ${form.name} is registered: its discovery runs now and every 5 minutes. Choose it in the header to set its templates and switches.`;
    });
  };

  return (
    <section class="card" aria-labelledby="servers-heading">
      <h2 id="servers-heading">Plesk servers</h2>
      <p>Several Plesk servers can feed this VoipNow; each has its own settings, SOAP tag and discovery.</p>
      {list.error && <Notice tone="error">{list.error}</Notice>}
      {!list.data ? (
        !list.error && <Loading what="the Plesk servers" />
      ) : (
        <TableScroll label="Plesk servers">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Plesk URL</th>
                <th>SOAP tag</th>
                <th>Linked</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((row) => (
                <tr key={row.pleskServer}>
                  <td>{row.pleskServer}</td>
                  <td>{row.pleskUrl}</td>
                  <td>{row.soapTag}</td>
                  <td>{row.linked ?? 0}</td>
                  <td>
                    {row.removed ? (
                      <>
                        Removed <Time iso={row.removedAt} />
                      </>
                    ) : (
                      'Served'
                    )}
                  </td>
                  <td>
                    {!row.removed &&
                      (confirming === row.pleskServer ? (
                        <span class="actions">
                          <button
                            type="button"
                            disabled={busy}
                            onClick={() =>
                              void act(async () => {
                                await api('DELETE', `/servers/${row.pleskServer}`);
                                setConfirming(undefined);
                                return `Plesk server ${row.pleskServer} is removed: its discovery stopped; its links and history stay. Nothing was deleted in VoipNow.`;
                              })
                            }
                          >
                            Remove {row.pleskServer}
                          </button>
                          <button type="button" class="button-secondary" onClick={() => setConfirming(undefined)}>
                            Keep it
                          </button>
                        </span>
                      ) : (
                        <button type="button" class="button-secondary" onClick={() => setConfirming(row.pleskServer)}>
                          Remove…
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {confirming && (
        <Notice tone="warning">
          Removing {confirming} stops its discovery and everything that runs for it. Its links and history stay readable; nothing is deleted
          in VoipNow.
        </Notice>
      )}
      <form onSubmit={register} class="settings" aria-labelledby="server-add-heading">
        <h3 id="server-add-heading">Add a Plesk server</h3>
        <div class="field-row">
          <div class="field">
            <label for="server-name">Short name</label>
            <input {...field('name')} required pattern="[a-z0-9][a-z0-9_\-]{0,39}" placeholder="plesk2" />
          </div>
          <div class="field">
            <label for="server-url">Plesk URL</label>
            <input {...field('url')} required type="url" placeholder="https://plesk2.example.com:8443" />
          </div>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="server-login">Plesk admin login</label>
            <input {...field('login')} required />
          </div>
          <div class="field">
            <label for="server-secret">Plesk admin password</label>
            <input {...field('secret')} required type="password" autocomplete="new-password" />
          </div>
          <div class="field">
            <label for="server-loginSuffix">VoipNow login suffix (optional)</label>
            <input {...field('loginSuffix')} placeholder="-pl2" />
          </div>
        </div>
        <p class="muted">
          Its VoipNow link is the first server's. A login suffix keeps VoipNow logins unique when this server's logins may repeat another's.
        </p>
        {message && <Notice tone={message.tone}>{message.text}</Notice>}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Working…' : 'Add the server'}
          </button>
        </div>
      </form>
    </section>
  );
}
