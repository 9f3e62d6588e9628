/** Issue 14 item 2: our own faults, Temporal's timeouts and cancellations each get their own reason. */
import { ActivityFailure, ApplicationFailure, CancelledFailure, TimeoutFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { toApplicationFailure, toSyncError } from '../../activities/failures';
import { SyncError, reasonText } from '../../domain';
import { isRetryable } from '../../domain/reasons';
import { classifyTransport } from '../../connectors/transport-faults';
import { reasonOf } from '../../workflows/failure';

const wrapped = (cause: Error) => new ActivityFailure('activity failed', 'linkExisting', '1', 1 as never, 'worker', cause);

describe('failure model', () => {
  it('labels a bug of ours an internal error, not retried and never a VoipNow fault, without a stack', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const error = toSyncError(bug);
    expect(error).toMatchObject({ reason: 'internalError', retryable: false });
    expect(error.message).toBe(`${reasonText('internalError')}: Cannot read properties of undefined (reading 'id')`);
    const failure = toApplicationFailure(error);
    expect(failure).toMatchObject({ type: 'internalError', nonRetryable: true });
    expect(failure.message).not.toMatch(/\n\s+at /);
  });

  it('labels an unreachable database databaseUnavailable, retried', () => {
    const down = Object.assign(new Error("Can't reach database server at localhost:5432"), { name: 'PrismaClientInitializationError' });
    expect(toSyncError(down)).toMatchObject({ reason: 'databaseUnavailable', retryable: true });
    const known = Object.assign(new Error('Timed out fetching a new connection from the connection pool'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2024',
    });
    expect(toSyncError(known)).toMatchObject({ reason: 'databaseUnavailable', retryable: true });
  });

  it('decides retryability by the reason alone', () => {
    for (const reason of ['pleskRejected', 'untrustedCertificate', 'internalError', 'cancelled', 'invalidEmail'] as const) {
      expect(new SyncError(reason).retryable).toBe(false);
      expect(isRetryable(reason)).toBe(false);
    }
    for (const reason of ['voipnowUnavailable', 'pleskUnavailable', 'databaseUnavailable', 'timedOut'] as const) {
      expect(new SyncError(reason).retryable).toBe(true);
    }
  });

  it('maps Temporal timeouts and cancellations explicitly, and an unknown failure to internalError', () => {
    expect(reasonOf(wrapped(new TimeoutFailure('timed out', undefined, 2 as never)))).toMatchObject({
      type: 'timedOut',
      message: reasonText('timedOut'),
    });
    expect(reasonOf(wrapped(new CancelledFailure('cancelled')))).toMatchObject({ type: 'cancelled', message: reasonText('cancelled') });
    expect(reasonOf(wrapped(ApplicationFailure.create({ type: 'TypeError', message: 'x is undefined' })))).toMatchObject({
      type: 'internalError',
    });
    expect(reasonOf(new Error('boom'))).toMatchObject({ type: 'internalError' });
    expect(reasonOf(wrapped(ApplicationFailure.create({ type: 'voipnowUnavailable', message: 'down' })))).toMatchObject({
      type: 'voipnowUnavailable',
    });
  });

  it('classifies transport failures once for both connectors', () => {
    expect(classifyTransport(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe('network');
    expect(classifyTransport(Object.assign(new Error('cert'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe('untrusted');
    expect(classifyTransport(new Error('socket hang up'))).toBe('network');
    expect(classifyTransport(new TypeError('x is not a function'))).toBeUndefined();
  });
});
