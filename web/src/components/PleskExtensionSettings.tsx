/**
 * The Plesk extension's shared secret (write-only): generate one (shown once, to paste into the
 * extension's settings in Plesk), set your own, or remove it so nobody signs in from Plesk.
 */
import { useState } from 'preact/hooks';
import { api, get, messageOf, post } from '../api';
import { useLoad } from '../hooks';
import type { PleskExtensionState } from '../types';
import { Loading, Notice } from './ui';

export function PleskExtensionSettings({ server }: { server: string }) {
  const state = useLoad(() => get<PleskExtensionState>(`/settings/${server}/plesk-extension`), [server]);
  const [generated, setGenerated] = useState<string>();
  const [own, setOwn] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();

  const act = async (work: () => Promise<string>) => {
    setMessage(undefined);
    try {
      setMessage({ tone: 'success', text: await work() });
      await state.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: messageOf(error) });
    }
  };

  return (
    <section class="card" aria-labelledby="plesk-extension-heading">
      <h2 id="plesk-extension-heading">Signing in from Plesk</h2>
      {state.error && <Notice tone="error">{state.error}</Notice>}
      {!state.data ? (
        !state.error && <Loading what="the Plesk extension settings" />
      ) : (
        <>
          <p>
            The Plesk extension (folder <code>plesk-extension/</code>) signs its users in here. In its settings in Plesk, enter the console
            URL <code>{state.data.handoffUrl}</code>, the Plesk server name <code>{server}</code> and the shared secret.
          </p>
          <p>
            Shared secret: <strong>{state.data.secret === 'set' ? 'set' : 'not set'}</strong>
          </p>
          {generated && (
            <Notice tone="warning">
              <p>The new secret, shown this once; paste it into the extension's settings now:</p>
              <p>
                <code class="secret" data-testid="generated-secret">
                  {generated}
                </code>
              </p>
            </Notice>
          )}
          <div class="actions">
            <button
              type="button"
              class="button-secondary"
              onClick={() =>
                void act(async () => {
                  const reply = await post<PleskExtensionState>(`/settings/${server}/plesk-extension/secret`);
                  setGenerated(reply.generated);
                  return 'A new shared secret is set; the previous one no longer works.';
                })
              }
            >
              Generate a new secret
            </button>
            {state.data.secret === 'set' && (
              <button
                type="button"
                class="button-secondary"
                onClick={() =>
                  void act(async () => {
                    await api('PUT', `/settings/${server}/plesk-extension`, { secret: null });
                    setGenerated(undefined);
                    return 'The shared secret is removed: nobody signs in from Plesk.';
                  })
                }
              >
                Remove the secret
              </button>
            )}
          </div>
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await api('PUT', `/settings/${server}/plesk-extension`, { secret: own });
                setOwn('');
                setGenerated(undefined);
                return 'The shared secret is set.';
              });
            }}
          >
            <div class="field">
              <label for="own-secret">Or set your own secret (32 characters or more)</label>
              <input
                id="own-secret"
                type="password"
                autocomplete="new-password"
                minLength={32}
                maxLength={200}
                value={own}
                onInput={(e) => setOwn(e.currentTarget.value)}
              />
            </div>
            <button type="submit" class="button-secondary" disabled={own.length < 32}>
              Set secret
            </button>
          </form>
          {message && <Notice tone={message.tone}>{message.text}</Notice>}
        </>
      )}
    </section>
  );
}
