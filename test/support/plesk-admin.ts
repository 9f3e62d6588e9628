/** Changes to the simulated Plesk through its /__sim/ admin endpoint, as an operator would make them. */
import type { PleskSimulator } from '../../simulators/plesk';

export function pleskAdmin(plesk: PleskSimulator, login = 'admin', password = 'Plesk-Test-2026') {
  const auth = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${plesk.url}/__sim/${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /__sim/${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const contact = (over: Record<string, string> = {}) => ({
    pname: 'Test Person',
    cname: 'Test Company',
    email: 'person@example.com',
    phone: '+1 555 0100',
    fax: '+1 555 0101',
    address: '1 Test Street',
    city: 'Springfield',
    state: 'IL',
    pcode: '62701',
    country: 'US',
    locale: 'en-US',
    ...over,
  });
  return {
    call,
    contact,
    async addCustomer(login: string, over: { contact?: Record<string, string>; ownerId?: number } = {}) {
      const customer = await call<{ id: number }>('POST', 'customers', {
        login,
        contact: contact(over.contact),
        ...(over.ownerId ? { ownerId: over.ownerId } : {}),
      });
      return String(customer.id);
    },
    async addDomain(name: string, ownerId: string, admin?: Record<string, unknown>) {
      const domain = await call<{ id: number }>('POST', 'domains', { name, ownerId: Number(ownerId), ...(admin ? { admin } : {}) });
      return String(domain.id);
    },
    async addMailbox(domainId: string, name: string, password?: string) {
      const mailbox = await call<{ id: number }>('POST', 'mailboxes', {
        domainId: Number(domainId),
        name,
        ...(password !== undefined ? { password } : {}),
      });
      return String(mailbox.id);
    },
  };
}
