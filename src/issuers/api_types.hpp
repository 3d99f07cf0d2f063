#pragma once
// Request and response bodies of the issuers routes: issuers, health checks, insurance policies, imports.
// Declared on the routes (`.request`, `.response`) for the OpenAPI document and the response check
// (http/response_check.hpp); first proposed by scripts/openapi-types.py from real answers.
#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::issuers::api {

struct HealthCheck {
  int64_t id{};
  int64_t worker_id{};
  std::string worker_name;
  std::string level;
  std::string level_label;
  std::string checked_on;
  std::optional<std::string> valid_until;
  std::string report_no;
  int64_t entry_id{};
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(HealthCheck, (),
                      (id, worker_id, worker_name, level, level_label, checked_on, valid_until, report_no,
                       entry_id, created_at))

struct InsurancePolicyInsured {
  int64_t worker_id{};
  std::string worker_name;
  std::string covered_from;
  std::string covered_until;
  bool removed{};
  int64_t entry_id{};
};
BOOST_DESCRIBE_STRUCT(InsurancePolicyInsured, (),
                      (worker_id, worker_name, covered_from, covered_until, removed, entry_id))

struct InsurancePolicy {
  int64_t id{};
  std::string insurer;
  std::string policy_no;
  std::string product;
  std::string type;
  std::string type_label;
  int64_t limit_per_person{};
  int64_t premium{};
  std::string paid_by;
  std::string paid_by_label;
  std::string payer_name;
  std::string starts_on;
  std::string ends_on;
  std::string status;
  std::string status_label;
  std::vector<InsurancePolicyInsured> insured;
  int64_t endorsements{};
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(InsurancePolicy, (),
                      (id, insurer, policy_no, product, type, type_label, limit_per_person, premium, paid_by,
                       paid_by_label, payer_name, starts_on, ends_on, status, status_label, insured,
                       endorsements, created_at))

struct Issuer {
  int64_t id{};
  std::string type;
  std::string type_label;
  std::string name;
  std::string uscc;
  std::string division_code;
  std::string division_name;
  std::vector<std::string> usernames;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(Issuer, (),
                      (id, type, type_label, name, uscc, division_code, division_name, usernames, created_at))

struct HealthCheckInputPerson {
  std::string id_number;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(HealthCheckInputPerson, (), (id_number, name))

struct HealthCheckInput {
  HealthCheckInputPerson person;
  std::string level;
  std::string result;
  std::string checked_on;
  std::string report_no;
};
BOOST_DESCRIBE_STRUCT(HealthCheckInput, (), (person, level, result, checked_on, report_no))

struct ImportHealthCheckInput {
  std::vector<std::vector<std::string>> rows;
};
BOOST_DESCRIBE_STRUCT(ImportHealthCheckInput, (), (rows))

struct ImportHealthCheckResultProblem {
  int64_t row{};
  std::string column;
  std::string column_letter;
  std::string field;
  std::string code;
  std::string detail;
  std::string message;
  std::string value_masked;
};
BOOST_DESCRIBE_STRUCT(ImportHealthCheckResultProblem, (),
                      (row, column, column_letter, field, code, detail, message, value_masked))

struct ImportHealthCheckResultPreview {
  std::vector<boost::json::value> header;
  std::vector<boost::json::value> rows;
};
BOOST_DESCRIBE_STRUCT(ImportHealthCheckResultPreview, (), (header, rows))

struct ImportResult {
  std::string format;
  std::string encoding;
  std::string mode;
  bool dry_run{};
  int64_t header_row{};
  std::vector<int64_t> skipped_rows;
  std::vector<boost::json::value> skipped_notes;
  std::vector<boost::json::value> ignored_columns;
  int64_t total_rows{};
  int64_t good_rows{};
  int64_t bad_rows{};
  int64_t imported{};
  bool written{};
  std::vector<boost::json::value> repairs;
  std::vector<ImportHealthCheckResultProblem> problems;
  std::vector<boost::json::value> held_for_review;
  ImportHealthCheckResultPreview preview;
};
BOOST_DESCRIBE_STRUCT(ImportResult, (),
                      (format, encoding, mode, dry_run, header_row, skipped_rows, skipped_notes,
                       ignored_columns, total_rows, good_rows, bad_rows, imported, written, repairs, problems,
                       held_for_review, preview))

struct InsurancePolicyInput {
  std::string policy_no;
  std::string product;
  std::string type;
  int64_t limit_per_person{};
  int64_t premium{};
  std::string paid_by;
  std::string payer_name;
  std::string starts_on;
  std::string ends_on;
  std::vector<HealthCheckInputPerson> insured;
};
BOOST_DESCRIBE_STRUCT(InsurancePolicyInput, (),
                      (policy_no, product, type, limit_per_person, premium, paid_by, payer_name, starts_on,
                       ends_on, insured))

struct InsurancePolicyEndorsementInput {
  std::string endorsement_no;
  std::string effective_on;
  HealthCheckInputPerson remove;
  HealthCheckInputPerson add;
};
BOOST_DESCRIBE_STRUCT(InsurancePolicyEndorsementInput, (), (endorsement_no, effective_on, remove, add))

struct IssuerInput {
  std::string type;
  std::string name;
  std::string division_code;
  std::string username;
  std::string password;
};
BOOST_DESCRIBE_STRUCT(IssuerInput, (), (type, name, division_code, username, password))

}  // namespace jz::issuers::api
