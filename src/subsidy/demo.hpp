#pragma once
// Demo data for subsidies (`jiazheng demo-data`): the default policies, and a few founders of demo enterprises
// so that the start-up subsidy has someone to find. The transport subsidy finds its people in the demo credit
// files' employment records. Idempotent: skips what is present.
#include "db/database.hpp"

namespace jz::subsidy {

void generate_demo_subsidy(db::Database& db);

}  // namespace jz::subsidy
