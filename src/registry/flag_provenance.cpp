#include "registry/flag_provenance.hpp"

#include <tuple>

#include "credit/provenance.hpp"
#include "credit/store.hpp"

namespace jz::registry {

FlagAsserter flag_asserter(db::Connection& conn, const security::Principal& p) {
  return {p.user_id, p.role, p.division_code, credit::Store(conn).organisation_of_user(p.user_id)};
}

void assert_flag(db::Connection& conn, const FlagAsserter& a, int64_t worker_id, const std::string& prefecture,
                 const std::string& flag, bool value, const std::string& evidence, const std::string& now) {
  // The column names come from this fixed pair, never from a request.
  const std::string column = flag == "monitored" ? "monitored" : "poverty_alleviated";
  const bool independent = credit::flag_assertion_independent(a.role, a.division_code, prefecture);
  conn.exec(
      "INSERT INTO worker_flag_assertions (worker_id, flag, value, independent, asserted_by, asserted_role, "
      "asserted_organisation, via, evidence, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {worker_id, column, int64_t{value ? 1 : 0}, int64_t{independent ? 1 : 0},
       a.user_id ? db::Value(*a.user_id) : db::Value(nullptr), std::string(security::role_name(a.role)),
       a.organisation, std::string("confirm"), evidence, now});
  conn.exec("UPDATE workers SET " + column + " = ?, " + column + "_verified = ?, updated_at = ? WHERE id = ?",
            {int64_t{value ? 1 : 0}, int64_t{value && independent ? 1 : 0}, now, worker_id});
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
    const std::string column = flag;
    conn.exec(
        "INSERT INTO worker_flag_assertions (worker_id, flag, value, independent, asserted_by, asserted_role, "
        "asserted_organisation, via, evidence, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {worker_id, column, int64_t{is ? 1 : 0}, int64_t{independent ? 1 : 0},
         a.user_id ? db::Value(*a.user_id) : db::Value(nullptr), std::string(security::role_name(a.role)),
         a.organisation, via, evidence, now});
    conn.exec("UPDATE workers SET " + column + "_verified = ? WHERE id = ?",
              {int64_t{is && independent ? 1 : 0}, worker_id});
    ++written;
  }
  return written;
}

std::vector<FlagAssertion> flag_assertions(db::Connection& conn, int64_t worker_id) {
  std::vector<FlagAssertion> out;
  for (const auto& r : conn.query(
           "SELECT id, flag, value, independent, asserted_role, asserted_organisation, via, evidence, at "
           "FROM worker_flag_assertions WHERE worker_id = ? ORDER BY id DESC LIMIT 100",
           {worker_id}))
    out.push_back({r.get_int(0), r.get_text(1), r.get_bool(2), r.get_bool(3), r.get_text(4), r.get_text(5),
                   r.get_text(6), r.get_text(7), r.get_text(8)});
  return out;
}

FlagValues flags_verified(db::Connection& conn, int64_t worker_id) {
  auto rows = conn.query("SELECT poverty_alleviated_verified, monitored_verified FROM workers WHERE id = ?", {worker_id});
  if (rows.empty()) return {};
  return {rows[0].get_bool(0), rows[0].get_bool(1)};
}

}  // namespace jz::registry
