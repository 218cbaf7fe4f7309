// GraphiQL for this service, served with every asset from the service itself (no CDN), so it
// works on a closed network. Sign in as the README says: run `login`, then put
// {"Authorization": "Bearer <token>"} in the Headers pane; every request sends those headers.
"use strict";

const DEFAULT_QUERY = `# 益无限 GraphiQL: Ctrl-Enter runs the query.
#
# Sign in: run the login mutation below, then open the Headers pane (bottom) and write
#   {"Authorization": "Bearer <token>"}
#
# mutation Login {
#   login(input: {username: "demo_home", password: "yiwuxian-demo"}) { token userErrors { code message } }
# }

query FirstHomes {
  homes(first: 3) {
    totalCount
    nodes { name district { name } }
  }
}
`;

const url = new URL("/graphql", window.location.href);
const subscriptionUrl = new URL(url);
subscriptionUrl.protocol = url.protocol === "https:" ? "wss:" : "ws:";

const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });

ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
  }),
);
