#pragma once
// `jiazheng demo-data`: a deterministic, realistic population for demos, tests and benchmarks — the demo
// accounts (one per role), enterprises, and N workers spread over Gansu's counties with valid ID numbers
// (Gansu region codes, matching birth dates, correct check characters), plausible names, mostly women,
// and occupations and household flags in believable proportions. The same seed gives the same data.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace jz::app {

inline constexpr const char* kDemoPassword = "Jiazheng2024";

struct DemoAccount {
  std::string username;
  std::string role;
  std::string note;
};

struct DemoOptions {
  int64_t workers = 2000;
  uint64_t seed = 1;
  bool skip_if_present = true;  // keep an existing population (a second `make run` reuses the database)
  std::function<void(int64_t done, int64_t total)> progress;
};

struct DemoReport {
  std::vector<DemoAccount> accounts;
  int64_t workers_created = 0;
  int64_t enterprises_created = 0;
  bool skipped = false;
};

// The usernames of the demo accounts generate_demo_data creates.
std::vector<std::string> demo_usernames();

DemoReport generate_demo_data(db::Database& db, const security::FieldCipher& cipher, const DemoOptions& opts);

// One synthetic resident ID number for a county code and birth date (YYYYMMDD), sequence 0-999.
std::string make_id_number(const std::string& county6, const std::string& yyyymmdd, int seq);

}  // namespace jz::app
