#pragma once
// The issuers' workflows (see model.hpp). Who may do what:
//   register an issuer with its first account   province_admin (anywhere), city_officer (in her 市州)
//   list issuers                               officials (a city officer: those of her 市州)
//   record / list health checks                health_provider (its own)
//   record / list / endorse insurance policies insurer (its own)
// An issuer names the person by ID number and name (both must match the register): it records for whoever it
// examined or insured, not for a list it can browse — it sees nothing of a worker beyond its own records.
// Every record writes credit entries through credit::Service::add_entry with the issuer as asserter, in the
// same transaction, so the score, the light and the verify page follow at once.
#include <string>

#include "common/result.hpp"
#include "credit/model.hpp"
#include "credit/service.hpp"
#include "db/database.hpp"
#include "issuers/model.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"
#include "security/roles.hpp"

namespace jz::issuers {

class Service final {
 public:
  Service(db::Database& db, const security::FieldCipher& cipher, credit::Service& credit)
      : db_(db), cipher_(cipher), credit_(credit) {}

  Result<Issuer> register_issuer(const security::Principal& p, NewIssuer in, const security::AuditActor& actor);
  Result<std::vector<Issuer>> list_issuers(const security::Principal& p);

  Result<HealthCheck> record_health_check(const security::Principal& p, HealthCheckInput in,
                                          const security::AuditActor& actor);
  Result<credit::Page<HealthCheck>> list_health_checks(const security::Principal& p, int64_t page, int64_t size);

  Result<Policy> record_policy(const security::Principal& p, PolicyInput in, const security::AuditActor& actor);
  Result<credit::Page<Policy>> list_policies(const security::Principal& p, int64_t page, int64_t size);
  Result<Policy> endorse(const security::Principal& p, int64_t policy_id, EndorsementInput in,
                         const security::AuditActor& actor);

  // The same checks on their own, on the caller's connection and transaction (spreadsheet import).
  Result<HealthCheck> record_health_check(db::Connection& conn, const security::Principal& p, HealthCheckInput in,
                                          const security::AuditActor& actor);
  Result<Policy> record_policy(db::Connection& conn, const security::Principal& p, PolicyInput in,
                               const security::AuditActor& actor);

 private:
  db::Database& db_;
  const security::FieldCipher& cipher_;
  credit::Service& credit_;
};

}  // namespace jz::issuers
