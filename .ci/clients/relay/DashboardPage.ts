// Relay documents: operation names start with the module name (DashboardPage...).
import { graphql } from "relay-runtime";

export const query = graphql`
  query DashboardPageQuery($filter: InsightFilter) {
    insights(filter: $filter) {
      total { demands unitsNeeded unitsMatched }
      byDistrict { district { id name } unitsNeeded unitsMatched }
    }
    homes(first: 10) @connection(key: "DashboardPage_homes") {
      edges { node { id name } }
    }
  }
`;

export const demand = graphql`
  fragment DashboardPage_demand on Demand {
    id
    title
    neededBy
    engagements(first: 3) { totalCount }
  }
`;
