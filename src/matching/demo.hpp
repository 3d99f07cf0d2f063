#pragma once
// Demo data of supply and demand for `make run`: a job fair of East–West cooperation with partner employers
// in 天津, 北京 and 厦门 (福建), a campus recruitment, postings of the demo enterprise and a few others, and
// two labour-transfer bases with members, so that matching and transfer plans can be tried at once.
// Idempotent (skipped when any job exists) and fast (a few dozen rows whatever the population).
#include <cstdint>

#include "db/database.hpp"

namespace jz::matching {

// Returns the number of postings created (0 when skipped).
int generate_demo_jobs(db::Database& db, uint64_t seed);

}  // namespace jz::matching
