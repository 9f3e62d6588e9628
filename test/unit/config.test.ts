import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';

describe('configuration', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      API_PORT: 3000,
      TEMPORAL_PORT: 7233,
      TEMPORAL_UI_PORT: 8233,
      PLESK_SERVER: 'plesk1',
      soapTag: 'plesk1',
      pleskSimulated: true,
      voipnowSimulated: true,
      VOIPNOW_SOAP_TIMEOUT: 30,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('converts numbers and booleans from their text form', () => {
    const config = loadConfig({ API_PORT: '4100', VOIPNOW_TLS_VERIFY: 'false', VOIPNOW_URL: 'https://vn.example.com' });
    expect(config.API_PORT).toBe(4100);
    expect(config.VOIPNOW_TLS_VERIFY).toBe(false);
    expect(config.voipnowSimulated).toBe(false);
  });

  it('names every wrong field and the value it got', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.field).sort()).toEqual(['API_PORT', 'DATABASE_URL', 'LOG_LEVEL']);
    expect((error as Error).message).toContain('API_PORT: must be integer, got "abc"');
    expect((error as Error).message).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ API_PORT: '' }).API_PORT).toBe(3000);
  });

  it('refuses half a VoipNow key pair and malformed URLs', () => {
    expect(() => loadConfig({ VOIPNOW_APP_KEY: 'k' })).toThrow(/VOIPNOW_APP_SECRET: is required when VOIPNOW_APP_KEY is set/);
    expect(() => loadConfig({ PLESK_URL: 'plesk.example.com' })).toThrow(/PLESK_URL: must be an http\(s\) URL/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'localhost' })).toThrow(/TEMPORAL_ADDRESS: must be host:port/);
  });

  it('refuses an encryption key that is not 32 bytes of base64', () => {
    expect(() => loadConfig({ ENCRYPTION_KEY: 'short' })).toThrow(/ENCRYPTION_KEY/);
  });

  it('tells the variables set explicitly from defaults, even when the value equals the default (issue 11 rule 4)', () => {
    const config = loadConfig({ VOIPNOW_TLS_VERIFY: 'true', VOIPNOW_SOAP_TIMEOUT: '30', PLESK_LOGIN: '' });
    expect([...config.explicit].sort()).toEqual(['VOIPNOW_SOAP_TIMEOUT', 'VOIPNOW_TLS_VERIFY']);
    expect(config.VOIPNOW_LOGIN).toBe('admin');
    expect(config.explicit.has('VOIPNOW_LOGIN')).toBe(false);
  });
});
