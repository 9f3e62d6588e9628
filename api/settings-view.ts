/**
 * The settings of one Plesk server as the API shows and takes them (product spec section 6).
 * Secrets are write-only: a read says only whether each is set; a change seals it (SecretBox).
 */
import { createPublicKey } from 'node:crypto';
import { Type, type Static } from 'typebox';
import type { SecretBox } from '../crypto/secrets';
import type { DbOrTx } from '../db/client';
import { linkedCount, serverWithTag } from '../db/servers';
import type { SettingsChanges, SettingsRow } from '../db/settings-edit';
import { ApiError } from './errors';

const SecretState = Type.Union([Type.Literal('set'), Type.Literal('not set')], { description: 'secrets are never shown' });
const AuthMethod = Type.Union([Type.Literal('password'), Type.Literal('key')]);
/** VoipNow: password; encryptedKey = VoipNow's API encrypted key (cryptedAuth); key = an application's appKey and appSecret. */
const VoipnowAuthMethod = Type.Union([Type.Literal('password'), Type.Literal('encryptedKey'), Type.Literal('key')], {
  description:
    'password: admin login and password; encryptedKey: the API encrypted key (cryptedAuth: the login encrypted with publicKey); key: appKey and appSecret',
});
const PublicKey = Type.String({
  pattern: '^\\s*-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\\s]+-----END PUBLIC KEY-----\\s*$',
  maxLength: 10000,
  description: "the VoipNow server's public connection key (PEM), as downloaded from its Encryption keys page",
});
const Url = Type.String({ pattern: '^https?://[^\\s/]+', maxLength: 2000, description: 'http(s) URL' });
const TemplateName = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], {
  description: 'a VoipNow template name; null = none',
});
const Secret = (description: string) => Type.String({ minLength: 1, maxLength: 500, description: `${description} (write-only)` });

const Templates = Type.Object({ reseller: TemplateName, client: TemplateName, extension: TemplateName });
const TemplatesPatch = Type.Partial(Templates, { additionalProperties: false });

export const SettingsView = Type.Object({
  pleskServer: Type.String(),
  plesk: Type.Object({
    url: Type.String(),
    authMethod: AuthMethod,
    login: Type.Union([Type.String(), Type.Null()]),
    secret: SecretState,
    tlsVerify: Type.Boolean(),
  }),
  voipnow: Type.Object({
    url: Type.String({ description: 'IP or hostname of the VoipNow server, as a URL' }),
    authMethod: VoipnowAuthMethod,
    login: Type.Union([Type.String(), Type.Null()]),
    password: SecretState,
    publicKey: Type.Union([PublicKey, Type.Null()]),
    appKey: Type.Union([Type.String(), Type.Null()], { description: 'application key (authMethod key)' }),
    appSecret: SecretState,
    tlsVerify: Type.Boolean(),
    loginSuffix: Type.Union([Type.String(), Type.Null()], {
      description: "appended to every VoipNow login made for this server's accounts (several Plesk servers with the same logins)",
    }),
  }),
  integrationMethod: Type.Union([Type.Literal('key'), Type.Literal('sso')], { description: 'control-panel integration method' }),
  allowWithoutSso: Type.Boolean({ description: 'allow VoipNow integration without SSO installed' }),
  soap: Type.Object({ tag: Type.String(), timeoutSeconds: Type.Integer() }),
  automaticReplication: Type.Object({
    resellers: Type.Boolean(),
    domains: Type.Boolean(),
    mailboxes: Type.Boolean(),
    templates: Templates,
  }),
  manualReplication: Type.Object({ templates: Templates }),
  allowCustomerTemplates: Type.Boolean({ description: 'resellers and clients may choose the templates of their domains and mailboxes' }),
  templateWarnings: Type.Optional(
    Type.Array(Type.String(), {
      description:
        'reseller templates named here that the VoipNow admin no longer has (GET only; client and mailbox templates are reported on each reseller or client, GET …/templates)',
    }),
  ),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type SettingsView = Static<typeof SettingsView>;

export const SettingsPatch = Type.Object(
  {
    plesk: Type.Optional(
      Type.Object(
        {
          url: Type.Optional(Url),
          authMethod: Type.Optional(AuthMethod),
          login: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          secret: Type.Optional(Secret('password, or the secret key with authMethod key')),
          tlsVerify: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    voipnow: Type.Optional(
      Type.Object(
        {
          url: Type.Optional(Url),
          authMethod: Type.Optional(VoipnowAuthMethod),
          login: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          password: Type.Optional(Secret('admin password')),
          publicKey: Type.Optional(Type.Union([PublicKey, Type.Null()])),
          appKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          appSecret: Type.Optional(Secret('secret of the connection key')),
          tlsVerify: Type.Optional(Type.Boolean()),
          loginSuffix: Type.Optional(
            Type.Union([Type.String({ pattern: '^[A-Za-z0-9._@-]{1,20}$' }), Type.Null()], {
              description:
                "appended to every VoipNow login made for this server's accounts from now on, e.g. -pl2 (letters, digits, _ . - @); null: none",
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    integrationMethod: Type.Optional(Type.Union([Type.Literal('key'), Type.Literal('sso')])),
    allowWithoutSso: Type.Optional(Type.Boolean()),
    soap: Type.Optional(
      Type.Object(
        {
          tag: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$' })),
          timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
        },
        { additionalProperties: false },
      ),
    ),
    automaticReplication: Type.Optional(
      Type.Object(
        {
          resellers: Type.Optional(Type.Boolean()),
          domains: Type.Optional(Type.Boolean()),
          mailboxes: Type.Optional(Type.Boolean()),
          templates: Type.Optional(TemplatesPatch),
        },
        { additionalProperties: false },
      ),
    ),
    manualReplication: Type.Optional(Type.Object({ templates: Type.Optional(TemplatesPatch) }, { additionalProperties: false })),
    allowCustomerTemplates: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SettingsPatch = Static<typeof SettingsPatch>;

const secretState = (sealed: string | null): 'set' | 'not set' => (sealed ? 'set' : 'not set');

export function toSettingsView(row: SettingsRow): SettingsView {
  return {
    pleskServer: row.pleskServer,
    plesk: {
      url: row.pleskUrl,
      authMethod: row.pleskAuthMethod === 'key' ? 'key' : 'password',
      login: row.pleskLogin,
      secret: secretState(row.pleskSecretEnc),
      tlsVerify: row.pleskTlsVerify,
    },
    voipnow: {
      url: row.voipnowUrl,
      authMethod: row.voipnowAuthMethod === 'key' ? 'key' : row.voipnowAuthMethod === 'encryptedKey' ? 'encryptedKey' : 'password',
      login: row.voipnowLogin,
      password: secretState(row.voipnowPasswordEnc),
      publicKey: row.voipnowPublicKey,
      appKey: row.voipnowAppKey,
      appSecret: secretState(row.voipnowAppSecretEnc),
      tlsVerify: row.voipnowTlsVerify,
      loginSuffix: row.voipnowLoginSuffix,
    },
    integrationMethod: row.integrationMethod === 'sso' ? 'sso' : 'key',
    allowWithoutSso: row.allowWithoutSso,
    soap: { tag: row.soapTag, timeoutSeconds: row.soapTimeoutSeconds },
    automaticReplication: {
      resellers: row.autoReplicateResellers,
      domains: row.autoReplicateDomains,
      mailboxes: row.autoReplicateMailboxes,
      templates: { reseller: row.autoTemplateReseller, client: row.autoTemplateClient, extension: row.autoTemplateExtension },
    },
    manualReplication: {
      templates: { reseller: row.manualTemplateReseller, client: row.manualTemplateClient, extension: row.manualTemplateExtension },
    },
    allowCustomerTemplates: row.allowCustomerTemplates,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The column changes of a patch, and the names of the settings it changes (for the log; never
 * values). Refuses a combination that would leave the server without working credentials.
 */
export function toSettingsChanges(patch: SettingsPatch, row: SettingsRow, box: SecretBox): { changes: SettingsChanges; changed: string[] } {
  const changes: SettingsChanges = {};
  const changed: string[] = [];
  const put = <K extends keyof SettingsChanges>(name: string, column: K, value: SettingsChanges[K] | undefined) => {
    if (value === undefined) return;
    changes[column] = value;
    changed.push(name);
  };
  const seal = (field: string, plain: string | undefined) => {
    if (plain === undefined) return undefined;
    // A read shows "set" / "not set": sending that back must not become the password.
    if (plain === 'set' || plain === 'not set')
      throw new ApiError(400, `${field} must be the new secret itself, not "${plain}"`, 'invalid_request', { field });
    return box.seal(plain);
  };

  const { plesk, voipnow, soap, automaticReplication: auto, manualReplication: manual } = patch;
  put('plesk.url', 'pleskUrl', plesk?.url);
  put('plesk.authMethod', 'pleskAuthMethod', plesk?.authMethod);
  put('plesk.login', 'pleskLogin', plesk?.login);
  put('plesk.secret', 'pleskSecretEnc', seal('body.plesk.secret', plesk?.secret));
  put('plesk.tlsVerify', 'pleskTlsVerify', plesk?.tlsVerify);
  put('voipnow.url', 'voipnowUrl', voipnow?.url);
  put('voipnow.authMethod', 'voipnowAuthMethod', voipnow?.authMethod);
  put('voipnow.login', 'voipnowLogin', voipnow?.login);
  put('voipnow.password', 'voipnowPasswordEnc', seal('body.voipnow.password', voipnow?.password));
  put('voipnow.publicKey', 'voipnowPublicKey', voipnow?.publicKey === undefined ? undefined : (voipnow.publicKey?.trim() ?? null));
  put('voipnow.appKey', 'voipnowAppKey', voipnow?.appKey);
  put('voipnow.appSecret', 'voipnowAppSecretEnc', seal('body.voipnow.appSecret', voipnow?.appSecret));
  put('voipnow.tlsVerify', 'voipnowTlsVerify', voipnow?.tlsVerify);
  put('voipnow.loginSuffix', 'voipnowLoginSuffix', voipnow?.loginSuffix);
  put('integrationMethod', 'integrationMethod', patch.integrationMethod);
  put('allowWithoutSso', 'allowWithoutSso', patch.allowWithoutSso);
  put('soap.tag', 'soapTag', soap?.tag);
  put('soap.timeoutSeconds', 'soapTimeoutSeconds', soap?.timeoutSeconds);
  put('automaticReplication.resellers', 'autoReplicateResellers', auto?.resellers);
  put('automaticReplication.domains', 'autoReplicateDomains', auto?.domains);
  put('automaticReplication.mailboxes', 'autoReplicateMailboxes', auto?.mailboxes);
  put('automaticReplication.templates.reseller', 'autoTemplateReseller', auto?.templates?.reseller);
  put('automaticReplication.templates.client', 'autoTemplateClient', auto?.templates?.client);
  put('automaticReplication.templates.extension', 'autoTemplateExtension', auto?.templates?.extension);
  put('manualReplication.templates.reseller', 'manualTemplateReseller', manual?.templates?.reseller);
  put('manualReplication.templates.client', 'manualTemplateClient', manual?.templates?.client);
  put('manualReplication.templates.extension', 'manualTemplateExtension', manual?.templates?.extension);
  put('allowCustomerTemplates', 'allowCustomerTemplates', patch.allowCustomerTemplates);

  if (voipnow?.publicKey) assertPublicKey(voipnow.publicKey);
  // The result must still authenticate somehow: check the method against what will be stored.
  const voipnowMethod = voipnow?.authMethod ?? row.voipnowAuthMethod;
  if (voipnowMethod === 'key' && !((voipnow?.appKey ?? row.voipnowAppKey) && (voipnow?.appSecret ?? row.voipnowAppSecretEnc))) {
    throw new ApiError(400, 'body.voipnow.appKey and body.voipnow.appSecret are required with authMethod key', 'invalid_request', {
      field: 'body.voipnow.appKey',
    });
  }
  if (voipnowMethod === 'encryptedKey' && !((voipnow?.login ?? row.voipnowLogin) && (voipnow?.publicKey ?? row.voipnowPublicKey))) {
    throw new ApiError(400, 'body.voipnow.login and body.voipnow.publicKey are required with authMethod encryptedKey', 'invalid_request', {
      field: 'body.voipnow.publicKey',
    });
  }
  if (voipnowMethod === 'password' && !((voipnow?.login ?? row.voipnowLogin) && (voipnow?.password ?? row.voipnowPasswordEnc))) {
    throw new ApiError(400, 'body.voipnow.login and body.voipnow.password are required with authMethod password', 'invalid_request', {
      field: 'body.voipnow.login',
    });
  }
  const pleskMethod = plesk?.authMethod ?? row.pleskAuthMethod;
  if (pleskMethod === 'password' && !(plesk?.login ?? row.pleskLogin)) {
    throw new ApiError(400, 'body.plesk.login is required with authMethod password', 'invalid_request', { field: 'body.plesk.login' });
  }
  // A method change keeps no secret meant for the other method.
  if (plesk?.authMethod && plesk.authMethod !== row.pleskAuthMethod && plesk.secret === undefined) {
    throw new ApiError(400, 'body.plesk.secret is required when the authentication method changes', 'invalid_request', {
      field: 'body.plesk.secret',
    });
  }
  return { changes, changed };
}

/** A public connection key must be one: an RSA public key in PEM, or the API encrypted key cannot work. */
function assertPublicKey(pem: string): void {
  let type: string | undefined;
  try {
    type = createPublicKey(pem).asymmetricKeyType;
  } catch {
    type = undefined;
  }
  if (type !== 'rsa')
    throw new ApiError(400, "body.voipnow.publicKey must be the VoipNow server's RSA public key in PEM", 'invalid_request', {
      field: 'body.voipnow.publicKey',
    });
}

/**
 * A SOAP tag marks one server's objects in VoipNow: no two servers share one (decision 098).
 * Changing a server's tag while it has linked accounts is refused: their VoipNow objects carry
 * the old tag, and the engine would no longer know them as its own.
 */
export async function assertTagFree(db: DbOrTx, soapTag: string, pleskServer: string): Promise<void> {
  const holder = await serverWithTag(db, soapTag);
  if (holder && holder !== pleskServer) {
    throw new ApiError(409, `The SOAP tag ${soapTag} is already used by Plesk server ${holder}: each server needs its own`, 'tag_in_use', {
      field: 'body.soap.tag',
    });
  }
}

export async function assertTagChangeAllowed(db: DbOrTx, row: SettingsRow, soapTag: string | undefined): Promise<void> {
  if (soapTag === undefined || soapTag === row.soapTag) return;
  await assertTagFree(db, soapTag, row.pleskServer);
  const linked = await linkedCount(db, row.pleskServer);
  if (linked > 0) {
    throw new ApiError(
      409,
      `The SOAP tag of ${row.pleskServer} cannot change while ${linked} account${linked === 1 ? ' is' : 's are'} linked: their VoipNow objects carry the tag ${row.soapTag}`,
      'tag_locked',
      { field: 'body.soap.tag' },
    );
  }
}
