/**
 * Which VoipNow template a new account gets (product spec sections 3 and 4). Only templates that
 * exist in the VoipNow parent can be used. Automatic (and bulk) replication uses the customer's
 * own preference when the admin allows it, else the admin's automatic template for the level;
 * none configured means no template: no permissions and every limit 0. Manual replication uses
 * the caller's choice, else the manual template setting, else asks: pick one of the templates
 * that exist, or, when there are none, confirm replicating without one.
 */
import { SyncError } from './errors';
import type { ReasonType } from './reasons';

export interface TemplateOption {
  id: number;
  name: string;
}

export interface TemplateRequest {
  mode: 'automatic' | 'manual' | 'bulk';
  /** Automatic/bulk: the customer's preference (when allowed) or the admin's automatic setting. Manual: the manual setting. */
  configured?: string;
  /** Manual: what the caller picked. */
  requested?: { id?: number; name?: string };
  /** Manual: replicate without a template when VoipNow has none. */
  confirmNoTemplate?: boolean;
}

export interface TemplateDecision {
  templateId?: number;
  templateName?: string;
}

/**
 * Issue 11 rule 5: the templates a new account may use are those of its VoipNow parent only, not
 * its ancestors' or the admin's: a reseller's come from the admin, a client's from its reseller (or
 * the admin when the admin owns it), an extension's from its client. Returns the owner to list
 * templates of (undefined: the admin). Engine, API and console all list templates through this.
 */
export function templateOwner(level: 'reseller' | 'client' | 'extension', voipnowParentId: number | undefined): number | undefined {
  return level === 'reseller' ? undefined : voipnowParentId;
}

/** Whether choosing needs the parent's template list at all (saves a SOAP call when not). */
export function needsTemplateList(request: TemplateRequest): boolean {
  return request.mode === 'manual' || Boolean(request.configured);
}

export function chooseTemplate(request: TemplateRequest, available: readonly TemplateOption[]): TemplateDecision {
  const find = (wanted: { id?: number; name?: string }) =>
    available.find((t) => (wanted.id !== undefined ? t.id === wanted.id : t.name.toLowerCase() === wanted.name?.toLowerCase()));
  const use = (template: TemplateOption): TemplateDecision => ({ templateId: template.id, templateName: template.name });
  const missing = (what: string) =>
    new SyncError('invalidTemplate', { message: `The template ${what} does not exist in the VoipNow parent account` });

  if (request.mode !== 'manual') {
    if (!request.configured) return {};
    const template = find({ name: request.configured });
    if (!template) throw missing(`"${request.configured}"`);
    return use(template);
  }

  if (request.requested && (request.requested.id !== undefined || request.requested.name)) {
    const template = find(request.requested);
    if (!template) throw missing(request.requested.id !== undefined ? `#${request.requested.id}` : `"${request.requested.name}"`);
    return use(template);
  }
  if (request.configured) {
    const template = find({ name: request.configured });
    if (template) return use(template);
  }
  if (available.length > 0) {
    throw new SyncError('templateRequired', {
      message: `Choose one of the templates: ${available.map((t) => t.name).join(', ')}`,
      choices: available,
    });
  }
  if (!request.confirmNoTemplate) throw new SyncError('noTemplatesConfirm');
  return {};
}

/** Reasons that ask the caller of a manual replication for a decision rather than report a fault. */
export const DECISION_REASONS: readonly ReasonType[] = ['templateRequired', 'noTemplatesConfirm'];
