"""Analysis of the built graph: network metrics of every twinning, reconciliation of cases with the lists."""
