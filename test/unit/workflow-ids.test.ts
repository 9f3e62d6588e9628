import { describe, expect, it } from 'vitest';
import { bulkWorkflowId, parseBulkWorkflowId, type AccountKey } from '../../domain';

describe('workflow IDs', () => {
  it("reads a bulk replication's scope back from its ID: a server's whole estate or one account's subtree", () => {
    const root: AccountKey = { pleskServer: 'plesk1', kind: 'reseller', pleskId: '2' };
    expect(bulkWorkflowId('plesk1')).toBe('bulk/plesk1/all');
    expect(parseBulkWorkflowId(bulkWorkflowId('plesk1'))).toEqual({ pleskServer: 'plesk1' });
    expect(bulkWorkflowId('plesk1', root)).toBe('bulk/plesk1/reseller/2');
    expect(parseBulkWorkflowId(bulkWorkflowId('plesk1', root))).toEqual({ pleskServer: 'plesk1', root });
  });

  it('refuses an ID that is no bulk replication', () => {
    for (const id of [
      'replicate/plesk1/client/1',
      'bulk/Plesk 1/all',
      'bulk/plesk1/all/more',
      'bulk/plesk1/team/2',
      'bulk/plesk1',
      'bulk/',
    ]) {
      expect(parseBulkWorkflowId(id), id).toBeUndefined();
    }
  });
});
