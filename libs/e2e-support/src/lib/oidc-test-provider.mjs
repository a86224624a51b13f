// A real OpenID Provider for the e2e tests (oidc-provider, ESM-only, so it runs in its own process).
// Usage: node oidc-test-provider.mjs '<json: { clients: [...] }>'. Prints "OIDC_TEST_PROVIDER <issuer>" once it listens.
// People sign in at GET/POST /interaction/:uid with a form field `login` (one of ACCOUNTS); no password, no consent page.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const ACCOUNTS = {
  alice: { sub: 'alice', email: 'alice@example.com', name: 'Alice Admin', groups: ['ml-admins', 'ml-team'] },
  bob: { sub: 'bob', email: 'bob@example.com', name: 'Bob Editor', groups: ['ml-team'] },
  vera: { sub: 'vera', email: 'vera@example.com', name: 'Vera Viewer', groups: ['ml-readers'] },
  // No email claim at all (as Entra ID and some Keycloak users): the API must fall back to preferred_username.
  eve: { sub: 'eve', preferred_username: 'eve@corp.example', name: 'Eve NoEmail', groups: ['ml-readers'] },
  // Groups that map to no role: refused in strict mode.
  carl: { sub: 'carl', email: 'carl@example.com', name: 'Carl Sales', groups: ['sales'] },
};

const { clients } = JSON.parse(process.argv[2] ?? '{}');

function readBody(request) {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

let provider;
const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url, 'http://localhost');
    const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (match && request.method === 'GET' && !match[2]) {
      await provider.interactionDetails(request, response);
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end(`<form method="post" action="/interaction/${match[1]}/login"><input name="login"><button>Sign in</button></form>`);
      return;
    }
    if (match && request.method === 'POST' && match[2]) {
      const login = new URLSearchParams(await readBody(request)).get('login') ?? '';
      if (!ACCOUNTS[login]) {
        response.writeHead(400, { 'Content-Type': 'text/plain' });
        response.end(`unknown account ${login}`);
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      return;
    }
    provider.callback()(request, response);
  } catch (error) {
    response.writeHead(500, { 'Content-Type': 'text/plain' });
    response.end(String(error?.stack ?? error));
  }
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, {
    clients,
    claims: {
      openid: ['sub'],
      email: ['email'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    findAccount: (_ctx, id) => (ACCOUNTS[id] ? { accountId: id, claims: () => ({ ...ACCOUNTS[id] }) } : undefined),
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Every client is trusted: grant the requested scopes without a consent page.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      return grant;
    },
    cookies: { keys: ['oidc-test-provider-cookie-key-0123456789'] },
    pkce: { required: () => true },
  });
  process.stdout.write(`OIDC_TEST_PROVIDER ${issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
