#pragma once
// The supervision module's SQL: reading the facts of the figures index (figures.hpp). Each loader calls `fn`
// for every row changed at or after `since` (an ISO timestamp; "" loads every row, in pages by id so that a
// cold load of millions of rows never holds them all as result rows at once). Reviews are never changed and
// are read by id instead. `stop` (may be empty) ends a long load early when the server shuts down.
#include <cstdint>
#include <functional>
#include <string>

#include "db/database.hpp"
#include "supervision/figures.hpp"

namespace jz::supervision::store {

using Stop = std::function<bool()>;

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
