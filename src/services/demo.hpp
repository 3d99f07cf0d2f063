#pragma once
// Demo household services for `make run` and the tests' server: in every one of the 14 市州 (served by a listed
// enterprise of its own, or else by the listed enterprises in turn), orders driven through the real service (so
// every row went through the state machine): one completed with its 员工制 contract confirmed by both parties,
// its employment entry, a review and a complaint (settled with the enterprise's reply; or taken to the 市州's
// officer and upheld; or still with the enterprise); in the first four 市州 one in force under a 中介制
// contract; one just requested. The demo `consumer` account books the first enterprise's orders in its own 市州;
// other households, enterprise logins and officers are disabled accounts (demo-services-…) nobody logs in with.
// Contract PDFs are rendered on demand. Idempotent (skipped when any order exists) and small (≤ 3 orders a 市州).
#include <cstdint>
#include <filesystem>
#include <string>

#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace jz::services {

struct DemoReport {
  bool skipped = false;
  int orders = 0, completed = 0, contracts = 0, reviews = 0, complaints = 0, upheld = 0, prefectures = 0;
};

DemoReport generate_demo_services(db::Database& db, const security::FieldCipher& cipher,
                                  const std::filesystem::path& key_dir, const std::string& public_url);

}  // namespace jz::services
