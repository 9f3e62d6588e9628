/**
 * Who is signed in, and the Plesk server the screens show. The session comes from
 * GET /api/v1/session (the cookie); its CSRF token goes with every change the console sends.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { ApiFailure, api, get, setCsrfToken, whenSignedOut } from './api';
import type { Session } from './types';

export interface SessionState {
  session: Session;
  /** The Plesk server the screens show (a customer's own; the first for an admin). */
  server: string;
  servers: string[];
  setServer(server: string): void;
  /** Reads the list of servers again (one was added or removed). */
  refreshServers(): Promise<void>;
  signOut(): Promise<void>;
}

const Context = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside a signed-in screen');
  return value;
}

export const isAdmin = (session: Session) => session.role === 'admin';
export const serverOf = (key: string) => key.split('/')[0] ?? '';

/** The admin's last chosen Plesk server, kept in the browser (when there are several). */
const SERVER_KEY = 'pvsync-server';

function rememberedServer(servers: string[]): string {
  const stored = localStorage.getItem(SERVER_KEY);
  return stored && servers.includes(stored) ? stored : (servers[0] ?? '');
}

type Phase = { phase: 'loading' } | { phase: 'signed-out'; message?: string } | { phase: 'signed-in'; session: Session; servers: string[] };

export async function loadSignedIn(session: Session): Promise<{ session: Session; servers: string[] }> {
  setCsrfToken(session.csrfToken);
  if (session.role === 'mailbox') return { session, servers: session.account ? [serverOf(session.account)] : [] };
  const { items } = await get<{ items: { pleskServer: string; removed?: boolean }[] }>('/servers');
  // A removed server (decision 098) is read through the API until purged; the console offers the served ones.
  return { session, servers: items.filter((item) => !item.removed).map((item) => item.pleskServer) };
}

export function SessionProvider({
  children,
  signIn,
}: {
  children: ComponentChildren;
  signIn: (done: (session: Session) => void, message?: string) => ComponentChildren;
}) {
  const [state, setState] = useState<Phase>({ phase: 'loading' });
  const [server, setServer] = useState('');

  const enter = async (session: Session) => {
    const { servers } = await loadSignedIn(session);
    setServer(rememberedServer(servers));
    setState({ phase: 'signed-in', session, servers });
  };

  useEffect(() => {
    whenSignedOut(() => setState({ phase: 'signed-out', message: 'Your session has ended. Sign in again.' }));
    get<Session | { signedIn: false }>('/session')
      .then((answer) => (answer.signedIn ? enter(answer) : setState({ phase: 'signed-out' })))
      .catch((error: unknown) =>
        setState({ phase: 'signed-out', ...(error instanceof ApiFailure && error.status !== 401 ? { message: error.message } : {}) }),
      );
  }, []);

  if (state.phase === 'loading') return <p class="muted page-loading">Loading…</p>;
  if (state.phase === 'signed-out') return <>{signIn((session) => void enter(session), state.message)}</>;
  const value: SessionState = {
    session: state.session,
    server,
    servers: state.servers,
    setServer(chosen) {
      localStorage.setItem(SERVER_KEY, chosen);
      setServer(chosen);
    },
    async refreshServers() {
      const { servers } = await loadSignedIn(state.session);
      setState({ ...state, servers });
      if (!servers.includes(server)) setServer(rememberedServer(servers));
    },
    async signOut() {
      await api('DELETE', '/session').catch(() => undefined);
      setCsrfToken('');
      setState({ phase: 'signed-out', message: 'You are signed out.' });
    },
  };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}
