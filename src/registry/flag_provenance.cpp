#include "registry/flag_provenance.hpp"

#include <tuple>

#include "credit/provenance.hpp"
#include "credit/store.hpp"
#include "registry/worker_store.hpp"

namespace jz::registry {

FlagAsserter flag_asserter(db::Connection& conn, const security::Principal& p) {
  return {p.user_id, p.role, p.division_code, credit::Store(conn).organisation_of_user(p.user_id)};
}

void assert_flag(db::Connection& conn, const FlagAsserter& a, int64_t worker_id,
                 const std::string& prefecture, const std::string& flag, bool value,
                 const std::string& evidence, const std::string& now) {
  const std::string column = flag == "monitored" ? "monitored" : "poverty_alleviated";
  const bool independent = credit::flag_assertion_independent(a.role, a.division_code, prefecture);
  worker_store::insert_flag_assertion(conn,
                                      {worker_id, column, value, independent, &a, "confirm", evidence, now});
  worker_store::set_flag(conn, worker_id, column, value, value && independent, now);
}

int record_flag_changes(db::Connection& conn, const FlagAsserter& a, int64_t worker_id, const std::string& prefecture,
                        const std::optional<FlagValues>& before, const FlagValues& after, const std::string& via,
                        const std::string& evidence, const std::string& now) {
  const bool independent = credit::flag_assertion_independent(a.role, a.division_code, prefecture);
  int written = 0;
  for (auto [flag, was, is] : {std::tuple{"poverty_alleviated", before ? before->poverty_alleviated : false,
                                          after.poverty_alleviated},
                               std::tuple{"monitored", before ? before->monitored : false, after.monitored}}) {
    if (before ? was == is : !is) continue;
    worker_store::insert_flag_assertion(conn, {worker_id, flag, is, independent, &a, via, evidence, now});
    worker_store::set_flag_verified(conn, worker_id, flag, is && independent);
    ++written;
  }
  return written;
}

std::vector<FlagAssertion> flag_assertions(db::Connection& conn, int64_t worker_id) {
  return worker_store::flag_assertions(conn, worker_id);
}

FlagValues flags_verified(db::Connection& conn, int64_t worker_id) {
  return worker_store::flags_verified(conn, worker_id);
}

}  // namespace jz::registry
