import type { ConnectionKey } from './connection-key';
import { sameSecret } from './http-util';
import { FAULTS } from './rules';
import { ADMIN_ID, passwordMatches, type SimAccount, type SimAccountKind, type SimStore } from './state';

/** Who is calling: the admin, or an account whose level scopes what it may see and change. */
export interface Caller {
  id: number;
  level: 'admin' | SimAccountKind;
  login: string;
}

export interface Credentials {
  username?: string;
  password?: string;
  cryptedAuth?: string;
  appKey?: string;
  appSecret?: string;
}

export interface AuthSettings {
  adminLogin: string;
  adminPassword: string;
  appKey: string | undefined;
  appSecret: string | undefined;
}

/** Read at every failure, so run-time switch changes apply at once. */
export interface LockoutPolicy {
  lockoutThreshold: number;
  lockoutSeconds: number;
}

interface Failures {
  count: number;
  lockedUntil: number;
}

/**
 * Checks the userCredentials header. Consecutive failures per username (or app key) lock it out
 * for a while: the stand-in for the undocumented API throttling (a fault 4PSA documents no code
 * for), which answers even the right password until the lock expires.
 */
export class Authenticator {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly store: SimStore,
    private readonly settings: AuthSettings,
    private readonly lockout: LockoutPolicy,
    private readonly connectionKey: ConnectionKey,
    private readonly now: () => number = Date.now,
  ) {}

  authenticate(credentials: Credentials | undefined): Caller {
    if (credentials?.appKey !== undefined) {
      const key = `key:${credentials.appKey}`;
      this.refuseIfLocked(key);
      const { appKey, appSecret } = this.settings;
      if (
        appKey !== undefined &&
        appSecret !== undefined &&
        sameSecret(credentials.appKey, appKey) &&
        sameSecret(credentials.appSecret ?? '', appSecret)
      ) {
        this.failures.delete(key);
        return { id: ADMIN_ID, level: 'admin', login: this.settings.adminLogin };
      }
      throw this.failed(key);
    }
    if (credentials?.cryptedAuth !== undefined) return this.checkCryptedAuth(credentials.cryptedAuth);
    if (credentials?.username === undefined) throw FAULTS.authFailed();
    return this.checkPassword(credentials.username, credentials.password ?? '');
  }

  /** Login/password check shared by SOAP and the control panel login page. */
  checkPassword(username: string, password: string): Caller {
    const key = `user:${username.toLowerCase()}`;
    this.refuseIfLocked(key);
    if (sameSecret(username, this.settings.adminLogin) && sameSecret(password, this.settings.adminPassword)) {
      this.failures.delete(key);
      return { id: ADMIN_ID, level: 'admin', login: this.settings.adminLogin };
    }
    const account = this.store.accountByLogin(username);
    if (!account || !passwordMatches(account.passwordHash, password)) throw this.failed(key);
    this.failures.delete(key);
    return this.callerFor(account);
  }

  /** cryptedAuth: a login encrypted with the server's public connection key; no password needed. */
  private checkCryptedAuth(cryptedAuth: string): Caller {
    const login = this.connectionKey.loginOf(cryptedAuth);
    if (login === undefined) throw FAULTS.authFailed(); // not made with this server's key
    const key = `user:${login.toLowerCase()}`;
    this.refuseIfLocked(key);
    if (sameSecret(login, this.settings.adminLogin)) return { id: ADMIN_ID, level: 'admin', login: this.settings.adminLogin };
    const account = this.store.accountByLogin(login);
    if (!account) throw this.failed(key);
    return this.callerFor(account);
  }

  /** An account that proved who it is may still be refused: it, or its owner, is disabled. */
  private callerFor(account: SimAccount): Caller {
    if (!account.status) throw FAULTS.callerDisabled();
    const parent = this.store.account(account.parentID);
    if (parent && !parent.status) throw FAULTS.callerParentDisabled();
    return { id: account.ID, level: account.kind, login: account.login };
  }

  /** Forgets failure counts and lockouts (admin API reset). */
  clear(): void {
    this.failures.clear();
  }

  private refuseIfLocked(key: string): void {
    const entry = this.failures.get(key);
    if (!entry || entry.lockedUntil === 0) return;
    const left = entry.lockedUntil - this.now();
    if (left > 0) throw FAULTS.lockedOut(Math.ceil(left / 1000));
    this.failures.delete(key); // the lock expired: a fresh start
  }

  private failed(key: string): Error {
    const entry = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
    entry.count++;
    if (entry.count >= this.lockout.lockoutThreshold) entry.lockedUntil = this.now() + this.lockout.lockoutSeconds * 1000;
    this.failures.set(key, entry);
    return FAULTS.authFailed();
  }
}
