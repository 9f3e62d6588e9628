import type { PleskProtocol } from './types';

/**
 * Choosing the packet version. Plesk 10.0 (1.6.3.0) introduced customer/reseller/webspace/site
 * and the `user` operator for additional users; `user` left the schema after 1.6.9.0. Anything
 * older speaks the Plesk 8/9 dialect (client, domain with its <user> node).
 */

export const FIRST_MODERN = '1.6.3.0';
export const LAST_WITH_USER = '1.6.9.0';
/** The reseller operator arrived with Plesk 9 (1.6.0.0); Plesk 8 had none. */
export const FIRST_WITH_RESELLER = '1.6.0.0';

/** Compares dotted versions numerically; missing parts count as 0 ("1.6" = "1.6.0.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function isVersion(text: string): boolean {
  return /^\d+(\.\d+){1,3}$/.test(text);
}

export function describeProtocol(protocol: string): PleskProtocol {
  const modern = compareVersions(protocol, FIRST_MODERN) >= 0;
  return {
    protocol,
    dialect: modern ? 'modern' : 'legacy',
    domainAdmins: !modern || compareVersions(protocol, LAST_WITH_USER) <= 0,
  };
}

/**
 * Picks from the versions a server offers: the newest modern version that still has `user`
 * (domain administrators readable); else the newest modern one (no domain administrators); else
 * the newest legacy one. Undefined when nothing usable is offered.
 */
export function chooseProtocol(offered: readonly string[]): PleskProtocol | undefined {
  const versions = offered.filter(isVersion).sort((a, b) => compareVersions(b, a));
  const withUser = versions.find((v) => compareVersions(v, FIRST_MODERN) >= 0 && compareVersions(v, LAST_WITH_USER) <= 0);
  const chosen = withUser ?? versions.find((v) => compareVersions(v, FIRST_MODERN) >= 0) ?? versions[0];
  return chosen === undefined ? undefined : describeProtocol(chosen);
}
