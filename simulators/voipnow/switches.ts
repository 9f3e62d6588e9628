/**
 * The simulator's run-time switches (set by options and by the admin API) and what it counts.
 * They shape how the SOAP endpoints misbehave: slow answers, a concurrency cap, server faults,
 * hangs and answers lost after the change was made.
 */

export interface Switches {
  /** Fixed delay of every SOAP call, in ms. */
  latencyMs: number;
  /** Extra random delay of up to this many ms. */
  jitterMs: number;
  /** Calls served at once; more wait in line. 0 = no cap. */
  concurrency: number;
  /** Share of calls answered with a server fault (SOAP fault 151 or a bare HTTP 500), nothing done. */
  faultRate: number;
  /** Share of calls never answered (the caller's timeout ends them). */
  hangRate: number;
  /** Share of calls carried out and then answered with a failure (socket closed or HTTP 500 without body). */
  dropResponseRate: number;
  /**
   * The server is down: every SOAP call's connection is closed before anything is read or done
   * (the caller sees a reset connection, as from a stopped server behind its proxy). The admin
   * API under /__sim/ still answers, so the switch can be turned off again.
   */
  down: boolean;
  /** Consecutive failed logins that lock a username (or app key) out. */
  lockoutThreshold: number;
  lockoutSeconds: number;
  /** Old VoipNow: new accounts need a charging plan (fault 315). */
  legacyCharging: boolean;
  /** A license for phone terminal extensions only: other types are refused with fault 051. */
  phoneTerminalsOnly: boolean;
  /**
   * Faults 4PSA documents no code for (login lockout, password rules, user limit, extension type)
   * carry a random three-digit code instead of none, to show the engine reads their words.
   */
  randomUndocumentedCodes: boolean;
  /** Whether Ping reports SSO as active and the SSO token endpoint works. */
  sso: boolean;
  /**
   * An account added without a template gets server defaults (some permissions on, limits above
   * 0) instead of none, as a VoipNow configured that way would: the engine must set them itself.
   */
  defaultsWithoutTemplate: boolean;
  /**
   * Stand-in for the VoipNow operator (decision 093): a reseller or client added with a template
   * gets copies of its parent's templates of the levels below it, same names, so accounts can be
   * made under it. The 2.5.1 SOAP API has no operation that creates templates, and VoipNow only
   * lets an account be made from a template its parent owns.
   */
  operatorTemplates: boolean;
}

export const DEFAULT_SWITCHES: Switches = {
  latencyMs: 0,
  jitterMs: 0,
  concurrency: 0,
  faultRate: 0,
  hangRate: 0,
  dropResponseRate: 0,
  down: false,
  lockoutThreshold: 10,
  lockoutSeconds: 900,
  legacyCharging: false,
  phoneTerminalsOnly: false,
  randomUndocumentedCodes: false,
  sso: true,
  defaultsWithoutTemplate: false,
  operatorTemplates: false,
};

/** Checks and applies a partial update (admin API); returns the problems, none when applied. */
export function updateSwitches(switches: Switches, change: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const next = { ...switches };
  for (const [name, value] of Object.entries(change)) {
    if (!(name in DEFAULT_SWITCHES)) {
      problems.push(`unknown switch ${name}`);
      continue;
    }
    const expected = typeof DEFAULT_SWITCHES[name as keyof Switches];
    if (typeof value !== expected || (typeof value === 'number' && (!Number.isFinite(value) || value < 0))) {
      problems.push(`${name} must be a ${expected === 'number' ? 'number ≥ 0' : expected}`);
      continue;
    }
    if (name.endsWith('Rate') && (value as number) > 1) {
      problems.push(`${name} is a share between 0 and 1`);
      continue;
    }
    (next as Record<string, unknown>)[name] = value;
  }
  if (problems.length === 0) Object.assign(switches, next);
  return problems;
}

export interface Stats {
  /** SOAP calls received per operation (AddReseller, …), including those a switch then failed. */
  calls: Record<string, number>;
  /** Calls that create, edit, delete, assign or move anything (Add…, Edit…, Del…, Set…, Update…, Move…, Assign…, Unassign…), received. */
  writes: number;
  injected: { faults: number; hangs: number; drops: number; refused: number };
  /** SOAP calls being served at this moment (waiting at the concurrency cap included). */
  active: number;
  /** The most SOAP calls served at once since the stats were reset (a test may reset it alone). */
  peakActive: number;
  /** SOAP faults answered, by fault code ("100", "030", "Client" for a fault without a number). */
  faultCodes: Record<string, number>;
}

export function emptyStats(): Stats {
  return { calls: {}, writes: 0, injected: { faults: 0, hangs: 0, drops: 0, refused: 0 }, active: 0, peakActive: 0, faultCodes: {} };
}

/** Whether a SOAP operation changes anything on the server (the plans' "nothing written to VoipNow"). */
export function isWriteOperation(operation: string): boolean {
  return /^(Add|Edit|Del|Set|Update|Move|Assign|Unassign)[A-Z]/.test(operation);
}

/** A counting semaphore: at most `limit()` holders, the rest wait in arrival order. */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: () => number) {}

  async enter(): Promise<void> {
    const limit = this.limit();
    if (limit <= 0 || this.active < limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next)
      next(); // the slot passes straight to the next in line
    else this.active--;
  }
}
