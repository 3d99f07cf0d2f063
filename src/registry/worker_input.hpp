#pragma once
// One worker record as it arrives — from the API, a spreadsheet row or the command line — validated and
// normalised in one place, so that the form, the import and the CLI accept and refuse exactly the same
// things. Validation is pure (no I/O): it needs only the reference data passed in. Writing is separate:
// WorkerWriter encrypts the personal fields and inserts the worker and her occupations on a connection the
// caller holds inside its transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"

namespace jz::registry {

// Raw values as text, the way a spreadsheet cell or a JSON string carries them. Empty means "not given".
struct WorkerInput {
  std::string name;
  std::string id_number;              // 18 or 15 digits; full-width digits, spaces and a lower-case x are repaired
  std::string phone;                  // mainland mobile, optional
  std::string current_division_code;  // a Gansu county (6 digits); empty → the native county from the ID
  std::string occupations;            // "elderly_care:2;housekeeping:1" (code:level, level 1-4; level defaults to 1)
  std::string flags;                  // "poverty_alleviated;monitored;relocated;rural_migrant;new_entrant;graduate"
  std::string live_in;                // "1"/"0", "是"/"否", "true"/"false"
  std::string hours_per_week;         // 1-84
  std::string expected_wage;          // yuan per month, 0-100000
  std::string work_scope;             // home_county | in_province | cross_province (or 本县/省内/跨省)
  std::string preferred_cities;       // ";"-separated city names for cross-province work
  std::string labour_brand;           // brand code or name, optional
  std::optional<int64_t> enterprise_id;
};

// What was wrong with one field: `code` is an error-catalogue code (invalid_id_number, unknown_division,
// missing_field, invalid_field …), `detail` a short reason (e.g. "bad_checksum").
struct FieldProblem {
  std::string field;
  std::string code;
  std::string detail;
};

// A record that passed validation: normalised values plus what the ID number tells.
struct ValidatedWorker {
  std::string name;
  std::string id_number;  // normalised 18 characters
  std::string phone;      // normalised 11 digits or empty
  char gender = 'F';
  std::string birth_date;            // YYYY-MM-DD
  std::string native_division_code;  // from the ID (may be an abolished code)
  std::string current_division_code;
  std::string prefecture_code;  // 4-digit 市州 of the current division
  std::vector<std::pair<std::string, int>> occupations;
  bool poverty_alleviated = false, monitored = false, relocated = false, rural_migrant = false,
       new_entrant = false, graduate = false;
  bool live_in = false;
  int hours_per_week = 40;
  int expected_wage = 0;
  std::string work_scope = "in_province";
  std::string preferred_cities;
  std::optional<int64_t> labour_brand_id;
  std::optional<int64_t> enterprise_id;
  std::vector<std::string> repairs;  // what was repaired, e.g. "id_number: full-width digits", "id_number: 15→18"
};

struct ReferenceSets {
  const reference::DivisionCatalog* divisions = nullptr;
  std::set<std::string> occupation_codes;
  std::map<std::string, int64_t> brands;  // code → id and name → id
  std::string today;                      // YYYY-MM-DD, for the ID number's birth date
};

// Loads occupations and brands from the database (divisions come from the catalog the caller holds).
ReferenceSets load_reference_sets(db::Connection& conn, const reference::DivisionCatalog& divisions);

using ValidationResult = std::variant<ValidatedWorker, std::vector<FieldProblem>>;

// Every problem of the record at once (not only the first), so an import report can list them all.
ValidationResult validate_worker(const WorkerInput& in, const ReferenceSets& refs);

class WorkerWriter;

// What validation alone cannot check, read on the caller's connection: the same person is not yet registered
// (code duplicate_person, field id_number) and enterprise_id names an enterprise (unknown_enterprise).
std::vector<FieldProblem> check_against_database(db::Connection& conn, const ValidatedWorker& w,
                                                 const WorkerWriter& writer);

// A new public id: 12 random characters from an alphabet without 0/1/i/l/o (safe to read aloud or retype).
std::string new_public_id();

class WorkerWriter final {
 public:
  explicit WorkerWriter(const security::FieldCipher& cipher) : cipher_(cipher) {}
  // The blind index of a normalised ID number: equal for the same person, whatever the key version.
  db::Blob id_number_index(const std::string& normalized_id) const;
  // True when a worker with this ID number exists.
  bool exists(db::Connection& conn, const std::string& normalized_id) const;
  // Inserts the worker and her occupations; returns the new id. Throws db::ConstraintError when the same
  // person (ID number) is already registered.
  int64_t insert(db::Connection& conn, const ValidatedWorker& w) const;

 private:
  const security::FieldCipher& cipher_;
};

}  // namespace jz::registry
