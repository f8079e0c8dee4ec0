// The OpenID provider the ProConnect tests sign in against: oidc-provider (certified),
// configured like ProConnect (PKCE, signed ID token and userinfo, its claims, RP-initiated
// logout), with one client and a few agents whose addresses the federation has verified.
//
//   node provider.mjs PORT
//
// Environment: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
// OIDC_POST_LOGOUT_REDIRECT_URI; OIDC_KEY_ID names the signing key (two providers started
// with the same name sign with different keys).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
if (!port) {
  console.error('usage: node provider.mjs PORT');
  process.exit(2);
}
const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
};

// The agents: the login typed on the provider's page is the agent's `sub`.
const AGENTS = {
  'agent-administration': {
    email: 'agente@ministere.gouv.fr', given_name: 'Alice', usual_name: 'Martin',
  },
  'agent-equipe': {
    email: 'equipe@numerique.gouv.fr', given_name: 'Bruno', usual_name: 'Durand',
  },
  'agent-jure': {
    email: 'jure@ministere.gouv.fr', given_name: 'Chloé', usual_name: 'Petit',
  },
  'agent-nouveau': {
    email: 'nouveau@ministere.gouv.fr', given_name: 'Denis', usual_name: 'Moreau',
  },
  'agent-non-verifie': {
    email: 'agente@ministere.gouv.fr', given_name: 'Eve', usual_name: 'Intruse',
    email_verified: false,
  },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: process.env.OIDC_KEY_ID || 'cohorte-test',
  alg: 'RS256',
  use: 'sig',
};

const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: env('OIDC_CLIENT_ID'),
      client_secret: env('OIDC_CLIENT_SECRET'),
      redirect_uris: [env('OIDC_REDIRECT_URI')],
      post_logout_redirect_uris: [env('OIDC_POST_LOGOUT_REDIRECT_URI')],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [signingKey] },
  // ProConnect's scopes, each its own claim.
  scopes: ['openid', 'email', 'given_name', 'usual_name', 'uid', 'siret', 'idp_id'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    uid: ['uid'],
    siret: ['siret'],
    idp_id: ['idp_id'],
  },
  acrValues: ['eidas1'],
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    claimsParameter: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><head><title>Déconnexion</title></head><body>
          ${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button>
          </body></html>`;
      },
    },
  },
  async findAccount(ctx, sub) {
    const agent = AGENTS[sub];
    if (!agent) {
      return undefined;
    }
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email_verified: true,
          uid: sub,
          siret: '13002526500013',
          idp_id: 'test-idp',
          ...agent,
        };
      },
    };
  },
});
// A failure inside the provider shows in the test's report (server.py keeps stderr).
provider.on('server_error', (ctx, error) => console.error('server_error', error));

createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`listening on http://localhost:${port}`);
});
