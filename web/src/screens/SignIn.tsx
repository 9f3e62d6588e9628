/** Sign in with a token; or see why a sign-in from Plesk was refused (?refused=<why>). */
import { useState } from 'preact/hooks';
import { REFUSAL_TEXT, isHandoffRefusal } from '../../../api/handoff-refusals';
import { messageOf, post } from '../api';
import { Notice } from '../components/ui';
import { useTitle } from '../hooks';
import type { Session } from '../types';

export function SignIn({ done, message }: { done(session: Session): void; message?: string | undefined }) {
  useTitle('Sign in');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const refused = new URLSearchParams(location.search).get('refused') ?? '';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await post<Session>('/session', { token: token.trim() });
      // The refusal was about an earlier attempt: leave its page.
      if (location.pathname.endsWith('/sign-in')) history.replaceState(null, '', '/console/');
      done(session);
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="main">
      <h1>Plesk → VoipNow sync</h1>
      {isHandoffRefusal(refused) && <Notice tone="error">{REFUSAL_TEXT[refused]}</Notice>}
      {message && !refused && <Notice>{message}</Notice>}
      <form onSubmit={(e) => void submit(e)} class="card">
        <h2>Sign in</h2>
        <p class="muted">
          From inside Plesk, open “VoipNow sync” in the navigation: you are signed in as your Plesk user. Here, sign in with the admin token
          or a token an admin gave you.
        </p>
        <label for="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        {error && <Notice tone="error">{error}</Notice>}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
