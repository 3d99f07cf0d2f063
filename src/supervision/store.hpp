#pragma once
// The supervision module's SQL: reading the facts of the figures index (figures.hpp). Each loader calls `fn`
// for every row changed at or after `since` (an ISO timestamp; "" loads every row, in pages by id so that a
// cold load of millions of rows never holds them all as result rows at once). Reviews are never changed and
// are read by id instead. `stop` (may be empty) ends a long load early when the server shuts down.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "supervision/accounts.hpp"
#include "supervision/figures.hpp"

namespace jz::supervision::store {

using Stop = std::function<bool()>;

// Runs `select` (ending in a WHERE clause's first condition, e.g. "… WHERE 1 = 1") for every row whose `key`
// (the first column) is above `after`, in pages of 100,000 by `key`.
void each_page(db::Connection& conn, const std::string& select, const std::string& key, int64_t after,
               const std::function<void(const db::Row&)>& fn, const Stop& stop);

void load_workers(db::Connection& conn, const std::string& since, const std::function<void(const WorkerFact&)>& fn,
                  const Stop& stop);
void load_enterprises(db::Connection& conn, const std::string& since,
                      const std::function<void(const EnterpriseFact&)>& fn, const Stop& stop);
void load_covers(db::Connection& conn, const std::string& since, const std::function<void(const CoverFact&)>& fn,
                 const Stop& stop);
// Certificates issued with an id above `after_id`, and those revoked at or after `since`.
void load_certificates(db::Connection& conn, int64_t after_id, const std::string& since,
                       const std::function<void(const CertificateFact&)>& fn, const Stop& stop);
void load_employments(db::Connection& conn, const std::string& since,
                      const std::function<void(const EmploymentFact&)>& fn, const Stop& stop);
void load_reviews(db::Connection& conn, int64_t after_id, const std::function<void(const ReviewFact&)>& fn,
                  const Stop& stop);
void load_complaints(db::Connection& conn, const std::string& since,
                     const std::function<void(const ComplaintFact&)>& fn, const Stop& stop);
// Payments the bank confirmed, settled at or after `since`.
void load_payments(db::Connection& conn, const std::string& since, const std::function<void(const PaymentFact&)>& fn,
                   const Stop& stop);

}  // namespace jz::supervision::store

namespace jz::supervision::store {

// The same figures as FiguresIndex::figures, written as SQL GROUP BY queries (one per source table), grouped by
// the first `digits` digits of the division (4: 市州, 6: county) among divisions starting with `prefix`. The
// integration tests' oracle and the benchmark's baseline; never used to answer a request. Dates YYYY-MM-DD.
std::map<std::string, Figures> sql_figures(db::Connection& conn, const std::string& from, const std::string& to,
                                           const std::string& as_of, int digits, const std::string& prefix);

// Benchmark only (bench/supervision_bench.sh, never the server): adds `records` synthetic rows to the dashboard's
// source tables, generated inside the database, for the workers already there (their ids must be contiguous, as
// `demo-data` writes them): health checks and insurance 20 % each, certificates 5 %, employments 15 % (each with
// its credit entry), reviews 20 %, complaints 5 %, subsidy payments 5 % (in one batch) — 90 % of `records`, the
// other 10 % being the training completions the benchmark adds with the training store. Dates fall between
// 2024-01-01 and a month before `today`, so every row's change stamp lies in the past and a warm refresh reads
// none of them again. Foreign keys are not checked while it writes (they hold by construction). Returns the rows
// added.
int64_t bench_fill_records(db::Connection& conn, int64_t records, const std::string& today);
// Benchmark only: copies the workers already there (demo-data's, with their divisions, flags and encrypted
// columns) until there are `total`, each copy with a new id and its own public id and ID-number index (the
// suffix of its number in the series), and updated_at = created_at. Their occupations are not copied. Returns
// the workers added.
int64_t bench_clone_workers(db::Connection& conn, int64_t total);

}  // namespace jz::supervision::store


namespace jz::supervision::store {

// Accounts of `f`, newest first; `city_prefecture` non-empty: only that 市州's accounts of `city_roles`.
std::vector<Account> accounts(db::Connection& conn, const AccountFilter& f, const std::string& city_prefecture,
                              const std::vector<std::string>& city_roles, int64_t* total);
std::optional<Account> account(db::Connection& conn, int64_t id);
// Conditional: true when the account was in the other state.
bool set_disabled(db::Connection& conn, int64_t id, bool disabled);
void set_one_time_password(db::Connection& conn, int64_t id, const std::string& hash, const std::string& now);
void update_account(db::Connection& conn, int64_t id, const std::string& role, const std::string& division,
                    const std::string& department);
void end_sessions(db::Connection& conn, int64_t id, const std::string& now);
// The 市州 an enterprise / institution / worker belongs to, or nullopt when there is none with that id.
std::optional<std::string> prefecture_of(db::Connection& conn, const std::string& table, int64_t id);
bool division_exists(db::Connection& conn, const std::string& code);
std::vector<LoginEvent> logins(db::Connection& conn, const std::string& city_prefecture,
                               const std::vector<std::string>& city_roles, int limit, int offset, int64_t* total);

}  // namespace jz::supervision::store
