/** What a mailbox sees: only "Switch to VoipNow" (product spec section 1). */
import { SwitchToVoipnow } from '../components/SwitchToVoipnow';
import { useTitle } from '../hooks';
import { useSession } from '../session';

export function Mailbox() {
  useTitle('Switch to VoipNow');
  const { session } = useSession();
  return (
    <section class="card mailbox">
      <h1>{session.name}</h1>
      <p>Your mailbox has a phone extension in VoipNow. Switch to VoipNow to use it; you do not need to type your password.</p>
      <SwitchToVoipnow class="button-large" />
    </section>
  );
}
