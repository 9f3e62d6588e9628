import { describe, expect, it } from 'vitest';
import { chooseTemplate, needsTemplateList, type SyncError, reasonText } from '../../domain';

const templates = [
  { id: 4, name: 'Gold' },
  { id: 9, name: 'Silver' },
];

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as SyncError).reason;
  }
  return 'no error';
};

describe('template choice in automatic and bulk replication', () => {
  it('uses no template when none is configured, without asking VoipNow', () => {
    expect(needsTemplateList({ mode: 'automatic' })).toBe(false);
    expect(chooseTemplate({ mode: 'automatic' }, [])).toEqual({});
  });

  it('uses the configured template when the VoipNow parent has it (names compare without case)', () => {
    expect(chooseTemplate({ mode: 'bulk', configured: 'gold' }, templates)).toEqual({ templateId: 4, templateName: 'Gold' });
  });

  it('refuses a configured template the VoipNow parent does not have', () => {
    expect(reasonOf(() => chooseTemplate({ mode: 'automatic', configured: 'Bronze' }, templates))).toBe('invalidTemplate');
  });
});

describe('template choice in manual replication', () => {
  it('uses the template the caller picked, by ID or name', () => {
    expect(chooseTemplate({ mode: 'manual', requested: { id: 9 } }, templates)).toEqual({ templateId: 9, templateName: 'Silver' });
    expect(chooseTemplate({ mode: 'manual', requested: { name: 'Gold' } }, templates).templateId).toBe(4);
  });

  it('refuses a picked template the parent does not have', () => {
    expect(reasonOf(() => chooseTemplate({ mode: 'manual', requested: { id: 77 } }, templates))).toBe('invalidTemplate');
  });

  it('falls back to the manual template setting', () => {
    expect(chooseTemplate({ mode: 'manual', configured: 'Silver' }, templates).templateName).toBe('Silver');
  });

  it('asks the caller to pick one of the templates that exist when nothing is set', () => {
    let error: SyncError | undefined;
    try {
      chooseTemplate({ mode: 'manual' }, templates);
    } catch (caught) {
      error = caught as SyncError;
    }
    expect(error?.reason).toBe('templateRequired');
    expect(error?.message).toContain('Gold, Silver');
  });

  it('asks for confirmation with the spec question when VoipNow has no templates, and proceeds once confirmed', () => {
    expect(reasonOf(() => chooseTemplate({ mode: 'manual' }, []))).toBe('noTemplatesConfirm');
    expect(reasonText('noTemplatesConfirm')).toBe(
      'There are no templates for client replication. The client will be replicated with no permissions or limits. Do you want to proceed?',
    );
    expect(chooseTemplate({ mode: 'manual', confirmNoTemplate: true }, [])).toEqual({});
  });
});
