#pragma once
// The training store's answer to registry's data scope: is the worker enrolled in a course of the
// institution? Registered with registry::set_trainee_check by the training routes.
#include <cstdint>

#include "db/database.hpp"

namespace jz::training::store {

bool is_trainee_of(db::Connection& conn, int64_t institution_id, int64_t worker_id);

}  // namespace jz::training::store
