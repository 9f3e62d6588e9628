/** The frame of every screen: who is signed in, "Switch to VoipNow", sign out, and the navigation of the role. */
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { isAdmin, useSession } from '../session';
import { SwitchToVoipnow } from './SwitchToVoipnow';

const ROLE_TEXT = { admin: 'Admin', reseller: 'Reseller', client: 'Client', mailbox: 'Mailbox' } as const;

function navItems(role: string): { href: string; text: string }[] {
  if (role === 'mailbox') return [];
  const items = [
    { href: '/console/', text: 'Clients & Resellers' },
    { href: '/console/bulk', text: 'Bulk replication' },
    { href: '/console/log', text: 'Replication log' },
  ];
  if (role === 'admin') items.push({ href: '/console/discovery', text: 'Discovery' }, { href: '/console/settings', text: 'Settings' });
  else items.push({ href: '/console/templates', text: 'Templates' });
  return items;
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { session, server, servers, setServer, signOut } = useSession();
  const { path } = useLocation();
  const current = (href: string) =>
    href === '/console/' ? path === '/console/' || path === '/console' || path.startsWith('/console/accounts') : path.startsWith(href);
  const items = navItems(session.role);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="top-row">
          <a class="brand" href="/console/">
            Plesk → VoipNow sync
          </a>
          <div class="who">
            <span>
              <span class="visually-hidden">Signed in as </span>
              {session.name} <span class="role">{ROLE_TEXT[session.role]}</span>
            </span>
            {/* A mailbox has the switch as its whole screen (screens/Mailbox.tsx). */}
            {session.role !== 'mailbox' && <SwitchToVoipnow admin={isAdmin(session)} server={server} />}
            <button type="button" class="button-link" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
        {items.length > 0 && (
          <nav aria-label="Main">
            <ul>
              {items.map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
                    {item.text}
                  </a>
                </li>
              ))}
            </ul>
            {servers.length > 1 && (
              <label class="server-choice">
                Plesk server{' '}
                <select value={server} onChange={(e) => setServer(e.currentTarget.value)}>
                  {servers.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </nav>
        )}
      </header>
      {/* Another Plesk server: every screen starts again, nothing of the previous one stays on show. */}
      <main id="main" tabIndex={-1} key={server}>
        {children}
      </main>
    </>
  );
}
