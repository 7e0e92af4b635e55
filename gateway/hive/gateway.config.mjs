// Hive Gateway as the alternative front door (`make run GATEWAY=hive`): the same supergraph as
// ours, on :8000, with the same dev-token authentication — the JWT plugin verifies the HS256
// token with the dev secret and refuses a request without a valid one (as ours does), and the
// caller's Authorization header goes on to every subgraph, which verifies it again.
//
//   GATEWAY_JWT_HS256_SECRET   the HS256 secret (make run: the shared dev secret); required
import {
  createInlineSigningKeyProvider,
  defineConfig,
  extractFromHeader,
} from "@graphql-hive/gateway";

const secret = process.env.GATEWAY_JWT_HS256_SECRET;
if (!secret) {
  throw new Error("gateway/hive: set GATEWAY_JWT_HS256_SECRET (make run sets the dev secret)");
}

export const gatewayConfig = defineConfig({
  jwt: {
    signingKeyProviders: [createInlineSigningKeyProvider(secret)],
    tokenLookupLocations: [extractFromHeader({ name: "authorization", prefix: "Bearer" })],
    tokenVerification: { algorithms: ["HS256"] },
    reject: { missingToken: true, invalidToken: true },
  },
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const authorization = request.headers.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
});
