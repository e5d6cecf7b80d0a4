package store

// BackfillSortKeys lets the black-box tests run the backfill Open runs.
var BackfillSortKeys = backfillSortKeys
