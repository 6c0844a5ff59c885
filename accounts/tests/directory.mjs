// A council directory for the tests: a real OpenID Connect provider (the npm package
// oidc-provider) on loopback, standing for Microsoft Entra ID.
//
//   node accounts/tests/directory.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
//
// The people it knows come as JSON in the DIRECTORY_PEOPLE environment variable:
// {"<sub>": {"oid": ..., "email": ..., "name": ...}}. Its sign-in page is a plain form:
// whoever the test names in `login` signs in, with the methods named in `amr`
// ("pwd", or "pwd,mfa" when the directory asked for a second factor). Consent is
// granted at once, as a council grants it for its own applications.
import { once } from "node:events";
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const people = JSON.parse(process.env.DIRECTORY_PEOPLE || "{}");
const scopes = "openid email profile";

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub", "oid", "amr"], email: ["email"], profile: ["name"] },
  // The claims go into the ID token itself, as Entra ID's do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  async findAccount(ctx, sub) {
    if (!people[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...people[sub] }) };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(scopes);
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  if (!ctx.path.startsWith("/interaction/")) return next();
  await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === "GET") {
    ctx.type = "html";
    ctx.body =
      '<form method="post"><input name="login"><input name="amr"><button>Sign in</button></form>';
    return undefined;
  }
  const form = new URLSearchParams(await text(ctx.req));
  const amr = (form.get("amr") || "pwd").split(",");
  await provider.interactionFinished(
    ctx.req,
    ctx.res,
    { login: { accountId: form.get("login"), amr } },
    { mergeWithLastSubmission: false },
  );
  return undefined;
});

async function text(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

const server = provider.listen(Number(port), "127.0.0.1");
await once(server, "listening");
console.log("listening");
