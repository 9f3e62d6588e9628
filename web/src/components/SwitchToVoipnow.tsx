/**
 * "Switch to VoipNow" (the seed module's link in the upper right corner). A customer or mailbox
 * switches to its own VoipNow account (POST /api/v1/switch: SSO, the stored password, or the
 * login page); an admin opens VoipNow's own login, or switches as one account from its screen.
 */
import { useState } from 'preact/hooks';
import { get, messageOf, post } from '../api';
import type { Settings, SwitchReply } from '../types';
import { Dialog } from './Dialog';
import { Notice } from './ui';

export function SwitchToVoipnow({
  account,
  server,
  label = 'Switch to VoipNow',
  admin = false,
  class: className,
}: {
  account?: string;
  server?: string;
  label?: string;
  admin?: boolean;
  class?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ message: string; url?: string; back?: { label: string; url: string } }>();

  const go = async () => {
    setBusy(true);
    try {
      if (admin && !account) {
        const settings = await get<Settings>(`/settings/${server}`);
        location.assign(settings.voipnow.url);
        return;
      }
      const reply = await post<SwitchReply>('/switch', account ? { account } : {});
      if (reply.method === 'login-page') {
        setAnswer({
          message: `VoipNow will ask for the password${reply.reason ? `: ${reply.reason}` : '.'}`,
          url: reply.url,
          ...(reply.backToPlesk ? { back: reply.backToPlesk } : {}),
        });
      } else {
        location.assign(reply.url);
      }
    } catch (error) {
      setAnswer({ message: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" class={className ?? 'button-switch'} onClick={() => void go()} disabled={busy}>
        {busy ? 'Switching…' : label}
      </button>
      <Dialog title="Switch to VoipNow" open={answer !== undefined} onClose={() => setAnswer(undefined)}>
        {answer && <Notice tone={answer.url ? 'info' : 'error'}>{answer.message}</Notice>}
        <div class="actions">
          {answer?.url && (
            <a class="button" href={answer.url}>
              Continue to VoipNow
            </a>
          )}
          {answer?.back && (
            <a class="button-secondary" href={answer.back.url}>
              {answer.back.label}
            </a>
          )}
          <button type="button" class="button-secondary" onClick={() => setAnswer(undefined)}>
            Close
          </button>
        </div>
      </Dialog>
    </>
  );
}
