/**
 * Plans (dry runs) and their items: one row per account, numbered in the order the run would take
 * them, so GET /plans/{id} pages through 100,000 items by (planId, seq) with an index, never OFFSET.
 */
import type { AccountKind, PlanAction, PlannedAccount, PlanRequest, PlanTotals } from '../domain';
import type { DbOrTx } from './client';
import { execute } from './direct';
import { Prisma } from './generated/client';

export interface PlanItemRow extends PlannedAccount {
  seq: number;
  kind: AccountKind;
  pleskId: string;
  name: string;
  dataHash?: string;
}

export interface PlanRow {
  id: string;
  pleskServer: string;
  request: PlanRequest;
  state: 'computing' | 'ready' | 'failed';
  totals: PlanTotals | null;
  error: string | null;
  createdBy: string;
  ownerScope: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export async function createPlan(
  db: DbOrTx,
  plan: { id: string; pleskServer: string; request: PlanRequest; createdBy: string; ownerScope: string | null },
): Promise<void> {
  await db.plan.create({ data: { ...plan, request: plan.request as Prisma.InputJsonValue } });
}

export async function findPlan(db: DbOrTx, id: string): Promise<PlanRow | null> {
  const row = await db.plan.findUnique({ where: { id } });
  return row && { ...row, request: row.request as PlanRequest, totals: row.totals as PlanTotals | null };
}

/**
 * Items per statement. Each statement carries one array per column (unnest), so its size does
 * not depend on the number of items: through Prisma's createMany, the items of a plan of 96,800
 * accounts cost seconds of the worker's CPU and hundreds of MB of heap (bench/README.md).
 */
const CHUNK = 5000;

function insertItems(db: DbOrTx, planId: string, items: readonly PlanItemRow[]): Promise<void> {
  const column = <T>(pick: (item: PlanItemRow) => T) => items.map(pick);
  return execute(
    db,
    Prisma.sql`
      INSERT INTO plan_items ("planId", seq, kind, "pleskId", name, action, "reasonType", "reasonText", template, "contactSource", "dataHash", detail)
      SELECT ${planId}, r.seq, r.kind::"AccountKind", r."pleskId", r.name, r.action::"PlanAction", r."reasonType", r."reasonText",
             r.template, r."contactSource", r."dataHash", r.detail
      FROM unnest(${column((i) => i.seq)}::int[], ${column((i) => i.kind)}::text[], ${column((i) => i.pleskId)}::text[],
                  ${column((i) => i.name)}::text[], ${column((i) => i.action)}::text[], ${column((i) => i.reasonType ?? null)}::text[],
                  ${column((i) => i.reasonText ?? null)}::text[], ${column((i) => i.template ?? null)}::text[],
                  ${column((i) => i.contactSource ?? null)}::text[], ${column((i) => i.dataHash ?? null)}::text[],
                  ${column((i) => i.detail ?? null)}::text[])
        AS r(seq, kind, "pleskId", name, action, "reasonType", "reasonText", template, "contactSource", "dataHash", detail)`,
  );
}

/** Replaces the plan's items and marks it ready with its totals. */
export async function savePlanItems(db: DbOrTx, planId: string, items: PlanItemRow[], totals: PlanTotals): Promise<void> {
  await db.planItem.deleteMany({ where: { planId } });
  for (let i = 0; i < items.length; i += CHUNK) await insertItems(db, planId, items.slice(i, i + CHUNK));
  await db.plan.update({
    where: { id: planId },
    data: { state: 'ready', totals: totals as unknown as Prisma.InputJsonValue, finishedAt: new Date(), error: null },
  });
}

export async function failPlan(db: DbOrTx, planId: string, error: string): Promise<void> {
  await db.plan.update({ where: { id: planId }, data: { state: 'failed', error, finishedAt: new Date() } });
}

/** Items after `cursor` (a seq), `limit` of them. */
export async function planItemsPage(db: DbOrTx, planId: string, cursor: number, limit: number): Promise<PlanItemRow[]> {
  const rows = await db.planItem.findMany({ where: { planId, seq: { gt: cursor } }, orderBy: { seq: 'asc' }, take: limit });
  return rows.map((row) => ({
    seq: row.seq,
    kind: row.kind,
    pleskId: row.pleskId,
    name: row.name,
    action: row.action as PlanAction,
    ...(row.reasonType ? { reasonType: row.reasonType as PlannedAccount['reasonType'] } : {}),
    ...(row.reasonText ? { reasonText: row.reasonText } : {}),
    ...(row.template ? { template: row.template } : {}),
    ...(row.contactSource ? { contactSource: row.contactSource as PlannedAccount['contactSource'] } : {}),
    ...(row.detail ? { detail: row.detail } : {}),
    ...(row.dataHash ? { dataHash: row.dataHash } : {}),
  }));
}

/** Every item's key and prediction, for comparing a plan with itself computed again. */
export async function allPlanItems(db: DbOrTx, planId: string): Promise<PlanItemRow[]> {
  const out: PlanItemRow[] = [];
  for (let cursor = 0; ;) {
    const page = await planItemsPage(db, planId, cursor, CHUNK);
    out.push(...page);
    if (page.length < CHUNK) return out;
    cursor = page.at(-1)!.seq;
  }
}

/** What a bulk plan reads of our own state for a server: links, admins' unlinks, customers' template choices. */
export async function planState(db: DbOrTx, pleskServer: string) {
  const [links, unlinked, preferences] = await Promise.all([
    db.accountLink.findMany({
      where: { pleskServer },
      select: { kind: true, pleskId: true, voipnowId: true, voipnowParentId: true, templateName: true },
    }),
    db.pleskAccount.findMany({
      where: { pleskServer, unlinkedAt: { not: null } },
      select: { kind: true, pleskId: true, unlinkedAt: true, unlinkedBy: true },
    }),
    db.templatePreference.findMany({ where: { pleskServer } }),
  ]);
  return { links, unlinked, preferences };
}

/** The stored Plesk account a move plan is about (its name and data hash), or null. */
export function plannedAccountRow(db: DbOrTx, key: { pleskServer: string; kind: AccountKind; pleskId: string }) {
  const { pleskServer, kind, pleskId } = key;
  return db.pleskAccount.findUnique({
    where: { pleskServer_kind_pleskId: { pleskServer, kind, pleskId } },
    select: { name: true, dataHash: true },
  });
}
