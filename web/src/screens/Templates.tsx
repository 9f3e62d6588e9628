/** A reseller's or client's own template preferences for its domains and mailboxes. */
import { TemplatePreferences } from '../components/TemplatePreferences';
import { useTitle } from '../hooks';
import { useSession } from '../session';

export function Templates() {
  useTitle('Templates');
  const { session } = useSession();
  return (
    <>
      <h1>Templates</h1>
      <p class="muted">
        The VoipNow templates your domains and mailboxes get when they are replicated. Left to the admin's choice, the settings decide.
      </p>
      {session.account && <TemplatePreferences account={session.account} admin={false} />}
    </>
  );
}
