#pragma once
// Demo credit files for the demo population (`jiazheng demo-data`): believable entries for every worker
// that has no score yet — identity verification matching workers.identity_status, background checks,
// health checks (some lapsing within weeks, some lapsed, a few unfit), employment by her enterprise and
// earlier jobs (a few only self-claimed, some in other provinces), reviews from review-only household
// accounts, a few complaints in every state (upheld ones on file), insurance, the odd competition award —
// and the score of each, computed in memory by credit::compute_score and written in bulk.
//
// Deterministic: the same seed and population give the same files. Runs in batches of its own write
// transactions on `conn` (do not call it inside one), with prepared statements; a second run only fills in
// workers added since (it skips every worker that already has a score). Entries go through the same
// kinds.hpp validation as the API, so demo data never holds what the API would refuse.
#include <cstdint>

#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace jz::credit {

struct DemoCreditReport {
  int64_t workers = 0;
  int64_t entries = 0;
  int64_t reviews = 0;
  int64_t complaints = 0;
};

DemoCreditReport generate_demo_credit(db::Connection& conn, const security::FieldCipher& cipher,
                                      uint64_t seed);

}  // namespace jz::credit
