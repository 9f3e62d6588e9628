import { describe, expect, it } from 'vitest';
import { keyToString, parseKey, parseVoipnowTag, replicationWorkflowId, voipnowTag } from '../../domain';

describe('account keys', () => {
  it('round-trips a key through its string form', () => {
    const key = { pleskServer: 'plesk1', kind: 'client', pleskId: '7' } as const;
    expect(parseKey(keyToString(key))).toEqual(key);
  });

  it('refuses a key with an unknown kind, naming the kind', () => {
    expect(() => parseKey('plesk1/customer/7')).toThrow(/"customer" is not an account kind/);
  });

  it('derives the same workflow ID for the same account every time', () => {
    expect(replicationWorkflowId({ pleskServer: 'p', kind: 'domain', pleskId: '3' })).toBe('replicate/p/domain/3');
  });

  it('reads back the SOAP tag it writes', () => {
    const tag = voipnowTag('plesk-a', { pleskServer: 'p', kind: 'mailbox', pleskId: '42' });
    expect(parseVoipnowTag(tag)).toEqual({ soapTag: 'plesk-a', kind: 'mailbox', pleskId: '42' });
    expect(parseVoipnowTag('CTRLPANEL')).toBeUndefined();
  });
});
