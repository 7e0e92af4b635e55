// Hive Gateway's configuration for the differential test and the benchmark: the caller's
// Authorization header goes to every subgraph (our services verify it on every operation).
import { defineConfig } from "@graphql-hive/gateway";

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const authorization = request.headers.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
});
