/**
 * The simulated Plesk grows by itself, so `npm start` shows automatic replication at work: every
 * `everyMs` it adds, in turn, a customer, a domain of the customer it added last, and a mailbox of
 * the domain it added last, with valid contact data and passwords (issue 11). Off unless asked.
 */
import type { EstateChanges } from './changes';
import type { PleskEvent } from './events';

export interface Growth {
  /** How many accounts it added. */
  readonly added: number;
  stop(): void;
}

export function startGrowth(changes: EstateChanges, changed: (events: readonly PleskEvent[]) => void, everyMs: number): Growth {
  let step = 0;
  let n = 0;
  let added = 0;
  let customerId: number | undefined;
  let domainId: number | undefined;
  const stamp = Date.now().toString(36);
  const grow = () => {
    try {
      const kind = customerId === undefined ? 0 : domainId === undefined ? 1 : step % 3;
      if (kind === 0) n += 1;
      const name = `new${stamp}${n}`;
      let events: PleskEvent[];
      if (kind === 0) {
        const made = changes.addCustomer({
          login: name,
          password: `Grow-${stamp}-${n}-Pass`,
          contact: {
            pname: `New Customer ${n}`,
            cname: `New Company ${n}`,
            email: `${name}@example.com`,
            phone: '+1 555 0100',
            address: '1 Growth Street',
            city: 'Springfield',
            pcode: '62701',
            country: 'US',
            locale: 'en-US',
          },
        });
        customerId = made.customer.id;
        domainId = undefined;
        events = made.events;
      } else if (kind === 1) {
        const made = changes.addDomain({ name: `${name}.example`, ownerId: customerId! });
        domainId = made.domain.id;
        events = made.events;
      } else {
        events = changes.addMailbox({ domainId: domainId!, name: `user${n}`, password: `Mail-${stamp}-${n}-Pass` }).events;
      }
      step = kind + 1;
      added += 1;
      changed(events);
    } catch {
      // The account it builds on was deleted meanwhile: start again with a new customer.
      customerId = undefined;
      domainId = undefined;
    }
  };
  const timer = setInterval(grow, everyMs);
  timer.unref();
  return {
    get added() {
      return added;
    },
    stop: () => clearInterval(timer),
  };
}
