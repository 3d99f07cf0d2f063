#pragma once
// Issuers: the organisations whose word on a worker's health or insurance counts as independent — health-check
// providers (体检机构, role health_provider) and insurers (保险机构, role insurer). Officials register them
// (with one account each); the issuer then records what it issued, and each record writes credit entries
// that the credit file, the 安心码 light and the verify page read (credit/provenance.hpp says why they count).
// Schema: src/db/migrations/012_provenance.sql.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::issuers {

struct Issuer {
  int64_t id = 0;
  std::string type;  // health_provider | insurer
  std::string name;
  std::string uscc;
  std::string division_code;
  std::string division_name;
  std::string created_at;
  std::vector<std::string> usernames;  // its accounts
};

struct NewIssuer {
  std::string type, name, uscc, division_code;
  std::string username, password;  // its first account
};

// The person an issuer names: by ID number (read from her ID card) and name, which must both match the register.
struct Person {
  std::string id_number;
  std::string name;
};

// 体检 levels after 商服贸规函〔2020〕191号: 一般家政 / 居家家政 / 养老照护 / 母婴照护.
inline constexpr const char* kHealthLevels[] = {"general", "home", "elderly_care", "maternity"};
// pass → a certificate valid until valid_until (one year by default); fail and recheck → no validity.
inline constexpr const char* kHealthResults[] = {"pass", "fail", "recheck"};

struct HealthCheckInput {
  Person person;
  std::string level;
  std::string result;
  std::string checked_on;
  std::optional<std::string> valid_until;
  std::string report_no;
};

struct HealthCheck {
  int64_t id = 0;
  int64_t worker_id = 0;
  std::string worker_name;  // masked
  std::string level;
  std::string checked_on;
  std::optional<std::string> valid_until;  // set only for a pass
  std::string report_no;
  int64_t entry_id = 0;
  std::string created_at;
};

inline constexpr const char* kPolicyTypes[] = {"accident", "liability", "employer_liability", "work_injury"};
inline constexpr const char* kPayers[] = {"enterprise", "worker", "government", "other"};

struct PolicyInput {
  std::string policy_no, product, type;
  int64_t limit_per_person = 0;  // yuan per insured person
  int64_t premium = 0;           // yuan, the whole policy
  std::string paid_by, payer_name;
  std::string starts_on, ends_on;
  std::vector<Person> insured;
};

struct Insured {
  int64_t worker_id = 0;
  std::string worker_name;  // masked
  std::string covered_from, covered_until;
  int64_t entry_id = 0;
  bool removed = false;
};

struct Policy {
  int64_t id = 0;
  std::string issuer_name;
  std::string policy_no, product, type;
  int64_t limit_per_person = 0, premium = 0;
  std::string paid_by, payer_name;
  std::string starts_on, ends_on, status;
  std::vector<Insured> insured;
  int64_t endorsements = 0;
  std::string created_at;
};

// 批改: one insured person replaced by another (either may be absent: only removed, only added).
struct EndorsementInput {
  std::string endorsement_no;
  std::string effective_on;
  std::optional<Person> remove, add;
};

}  // namespace jz::issuers
