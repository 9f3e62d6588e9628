/** The web console: a signed-in frame around the screens of the role (product spec section 9). */
import { render } from 'preact';
import { LocationProvider, Route, Router } from 'preact-iso';
import { Layout } from './components/Layout';
import { Notice } from './components/ui';
import { Account } from './screens/Account';
import { Accounts } from './screens/Accounts';
import { Bulk } from './screens/Bulk';
import { Children } from './screens/Children';
import { Discovery } from './screens/Discovery';
import { Log } from './screens/Log';
import { Mailbox } from './screens/Mailbox';
import { Settings } from './screens/Settings';
import { SignIn } from './screens/SignIn';
import { Templates } from './screens/Templates';
import { SessionProvider, useSession } from './session';
import './styles.css';

const ACCOUNT = '/console/accounts/:server/:kind/:id';

type AccountProps = { server: string; kind: string; id: string };
const DomainsOf = (props: AccountProps) => <Children {...props} view="domains" />;
const MailboxesOf = (props: AccountProps) => <Children {...props} view="mailboxes" />;

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <Notice>
        There is no such page. <a href="/console/">Go to Clients &amp; Resellers</a>.
      </Notice>
    </>
  );
}

function AdminsOnly() {
  return (
    <>
      <h1>Admins only</h1>
      <Notice tone="error">Only admins may see this page.</Notice>
    </>
  );
}

function Screens() {
  const { session } = useSession();
  if (session.role === 'mailbox') return <Mailbox />;
  const admin = session.role === 'admin';
  return (
    <Router>
      <Route path="/console/" component={Accounts} />
      <Route path={ACCOUNT} component={Account} />
      <Route path={`${ACCOUNT}/domains`} component={DomainsOf} />
      <Route path={`${ACCOUNT}/mailboxes`} component={MailboxesOf} />
      <Route path="/console/bulk" component={Bulk} />
      <Route path="/console/log" component={Log} />
      <Route path="/console/templates" component={Templates} />
      <Route path="/console/settings" component={admin ? Settings : AdminsOnly} />
      <Route path="/console/discovery" component={admin ? Discovery : AdminsOnly} />
      <Route path="/console/sign-in" component={Accounts} />
      <Route default component={NotFound} />
    </Router>
  );
}

function App() {
  return (
    <LocationProvider scope="/console">
      <SessionProvider signIn={(done, message) => <SignIn done={done} message={message} />}>
        <Layout>
          <Screens />
        </Layout>
      </SessionProvider>
    </LocationProvider>
  );
}

render(<App />, document.getElementById('app')!);
