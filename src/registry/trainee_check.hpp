#pragma once
// Whether a worker is a trainee of a training institution, as registry/scope.hpp's is_trainee_of asks it:
// the training module knows (its enrolments), so it registers the answer at start-up and registry reads
// none of training's tables itself.
#include <cstdint>

#include "db/database.hpp"

namespace jz::registry {

using TraineeCheck = bool (*)(db::Connection& conn, int64_t institution_id, int64_t worker_id);
// Without a registered check, nobody is anybody's trainee.
void set_trainee_check(TraineeCheck check);

}  // namespace jz::registry
