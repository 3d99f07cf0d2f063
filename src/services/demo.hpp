#pragma once
// Demo household services for `make run` and the tests' server: in every 市州 that has a listed enterprise
// with staff, a few orders driven through the real service (so every row went through the state machine):
// one completed with its 员工制 contract confirmed by both parties, its employment entry and a review; one in
// force under a 中介制 contract; one just requested. The demo `consumer` account books the first enterprise's
// orders; other households are disabled accounts (demo-services-NNNN) nobody logs in with. Idempotent
// (skipped when any order exists) and small (at most 3 orders for each of 4 enterprises per 市州).
#include <cstdint>
#include <filesystem>
#include <string>

#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace jz::services {

struct DemoReport {
  bool skipped = false;
  int orders = 0, completed = 0, contracts = 0, reviews = 0, prefectures = 0;
};

DemoReport generate_demo_services(db::Database& db, const security::FieldCipher& cipher,
                                  const std::filesystem::path& key_dir, const std::string& public_url);

}  // namespace jz::services
