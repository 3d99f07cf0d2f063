#pragma once
// Who asserted a worker's household flags that money depends on — 脱贫人口 (poverty_alleviated) and 监测帮扶对象
// (monitored) — and whether that counts as independent (credit/provenance.hpp: a city officer of her 市州 or a
// province official, by form, confirmation or the imported monitoring list; anyone else's word is a claim).
// Every change of one of these flags writes a worker_flag_assertions row and sets workers.<flag>_verified,
// in the caller's transaction (012_provenance.sql).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "security/roles.hpp"

namespace jz::registry {

struct FlagAsserter {
  std::optional<int64_t> user_id;
  security::Role role = security::Role::consumer;
  std::string division_code;  // a city officer's 市州
  std::string organisation;
};
FlagAsserter flag_asserter(db::Connection& conn, const security::Principal& p);

struct FlagValues {
  bool poverty_alleviated = false, monitored = false;
};

// Records the assertion of each attested flag whose value differs from `before` (every set flag for a new
// worker: before = nullopt). `via` is form | import | confirm. Returns how many assertions were written.
int record_flag_changes(db::Connection& conn, const FlagAsserter& a, int64_t worker_id,
                        const std::string& worker_prefecture, const std::optional<FlagValues>& before,
                        const FlagValues& after, const std::string& via, const std::string& evidence,
                        const std::string& now);

// An explicit assertion (POST /workers/{id}/flags): the flag set to `value` by `a`, even when unchanged — an
// official's confirmation of a flag an enterprise set turns the claim into an independent fact.
void assert_flag(db::Connection& conn, const FlagAsserter& a, int64_t worker_id, const std::string& worker_prefecture,
                 const std::string& flag, bool value, const std::string& evidence, const std::string& now);

struct FlagAssertion {
  int64_t id = 0;
  std::string flag;
  bool value = false;
  bool independent = false;
  std::string asserted_role, asserted_organisation, via, evidence, at;
};
std::vector<FlagAssertion> flag_assertions(db::Connection& conn, int64_t worker_id);
// Whether each attested flag, as it stands, is an independent fact.
FlagValues flags_verified(db::Connection& conn, int64_t worker_id);

}  // namespace jz::registry
