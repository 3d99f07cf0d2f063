#pragma once
// Request and response bodies of the registry routes: enterprises, brands, units, workers, imports, flags.
// Declared on the routes (`.request`, `.response`) for the OpenAPI document and the response check
// (http/response_check.hpp); first proposed by scripts/openapi-types.py from real answers.
#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::registry::api {

struct Enterprise {
  int64_t id{};
  std::string uscc;
  bool uscc_check_ok{};
  bool held_for_review{};
  std::string name;
  std::string division_code;
  std::string division_name;
  std::string prefecture_code;
  std::string prefecture_name;
  std::string model;
  bool is_leading{};
  std::string listing_status;
  std::string address;
  std::string created_at;
  std::string updated_at;
  int64_t worker_count{};
};
BOOST_DESCRIBE_STRUCT(Enterprise, (),
                      (id, uscc, uscc_check_ok, held_for_review, name, division_code, division_name,
                       prefecture_code, prefecture_name, model, is_leading, listing_status, address,
                       created_at, updated_at, worker_count))

struct EnterpriseViewBrand {
  int64_t id{};
  std::string code;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(EnterpriseViewBrand, (), (id, code, name))

struct EnterpriseListingEventsViewItem {
  int64_t id{};
  std::optional<std::string> from_status;
  std::string status;
  std::string reason;
  std::string actor_username;
  std::string actor_role;
  std::string at;
};
BOOST_DESCRIBE_STRUCT(EnterpriseListingEventsViewItem, (),
                      (id, from_status, status, reason, actor_username, actor_role, at))

struct EnterpriseListingEventsView {
  std::vector<EnterpriseListingEventsViewItem> items;
  int64_t total{};
};
BOOST_DESCRIBE_STRUCT(EnterpriseListingEventsView, (), (items, total))

struct LabourBrandViewEnterprise {
  int64_t id{};
  std::string name;
};
BOOST_DESCRIBE_STRUCT(LabourBrandViewEnterprise, (), (id, name))

struct LabourBrandView {
  int64_t id{};
  std::string code;
  std::string name;
  std::string home_division_code;
  std::string home_division_name;
  std::vector<std::string> occupations;
  int64_t worker_count{};
  int64_t enterprise_count{};
  std::vector<LabourBrandViewEnterprise> enterprises;
};
BOOST_DESCRIBE_STRUCT(LabourBrandView, (),
                      (id, code, name, home_division_code, home_division_name, occupations, worker_count,
                       enterprise_count, enterprises))

struct PublicEnterprise {
  int64_t id{};
  std::string name;
  std::string division_code;
  std::string division_name;
  std::string prefecture_code;
  std::string prefecture_name;
  std::string model;
  bool is_leading{};
  std::string listing_status;
  std::vector<std::string> occupations;
};
BOOST_DESCRIBE_STRUCT(PublicEnterprise, (),
                      (id, name, division_code, division_name, prefecture_code, prefecture_name, model,
                       is_leading, listing_status, occupations))

struct WorkerOccupation {
  std::string code;
  int64_t level{};
};
BOOST_DESCRIBE_STRUCT(WorkerOccupation, (), (code, level))

struct WorkerFlagAssertionsViewItemAssertedBy {
  std::string role;
  std::string organisation;
};
BOOST_DESCRIBE_STRUCT(WorkerFlagAssertionsViewItemAssertedBy, (), (role, organisation))

struct WorkerFlagAssertionsViewItem {
  int64_t id{};
  std::string flag;
  bool value{};
  bool independent{};
  std::string verification_label;
  WorkerFlagAssertionsViewItemAssertedBy asserted_by;
  std::string via;
  std::string evidence;
  std::string at;
};
BOOST_DESCRIBE_STRUCT(WorkerFlagAssertionsViewItem, (),
                      (id, flag, value, independent, verification_label, asserted_by, via, evidence, at))

struct WorkerFlagAssertionsViewVerified {
  bool poverty_alleviated{};
  bool monitored{};
};
BOOST_DESCRIBE_STRUCT(WorkerFlagAssertionsViewVerified, (), (poverty_alleviated, monitored))

struct WorkerFlagAssertionsView {
  std::vector<WorkerFlagAssertionsViewItem> items;
  WorkerFlagAssertionsViewVerified verified;
  std::string verifier;
};
BOOST_DESCRIBE_STRUCT(WorkerFlagAssertionsView, (), (items, verified, verifier))

// A change: only the members sent change (officials every member but uscc; the enterprise model, address and
// occupations).
struct EnterpriseChange {
  std::optional<std::string> name;
  std::optional<std::string> division_code;
  std::optional<bool> is_leading;
  std::optional<std::vector<std::string>> occupations;
  std::optional<std::string> address;
  std::optional<std::string> model;
};
BOOST_DESCRIBE_STRUCT(EnterpriseChange, (), (name, division_code, is_leading, occupations, address, model))

struct EnterpriseBody {
  int64_t id{};
  std::string uscc;
  bool uscc_check_ok{};
  bool held_for_review{};
  std::string name;
  std::string division_code;
  std::string division_name;
  std::string prefecture_code;
  std::string prefecture_name;
  std::string model;
  bool is_leading{};
  std::string listing_status;
  std::string address;
  std::string created_at;
  std::string updated_at;
  std::vector<std::string> occupations;
  std::vector<EnterpriseViewBrand> brands;
  int64_t worker_count{};
};
BOOST_DESCRIBE_STRUCT(EnterpriseBody, (),
                      (id, uscc, uscc_check_ok, held_for_review, name, division_code, division_name,
                       prefecture_code, prefecture_name, model, is_leading, listing_status, address,
                       created_at, updated_at, occupations, brands, worker_count))

struct WorkerFlags {
  bool monitored{};
  bool poverty_alleviated{};
};
BOOST_DESCRIBE_STRUCT(WorkerFlags, (), (monitored, poverty_alleviated))

struct WorkerChange {
  std::optional<std::vector<WorkerOccupation>> occupations;
  std::optional<std::string> work_scope;
  std::optional<std::string> current_division_code;
  std::optional<int64_t> expected_wage;
  std::optional<bool> live_in;
  std::optional<WorkerFlags> flags;
  std::optional<std::string> phone;
  std::optional<std::string> labour_brand;
  std::optional<std::string> name;
};
BOOST_DESCRIBE_STRUCT(WorkerChange, (),
                      (occupations, work_scope, current_division_code, expected_wage, live_in, flags, phone,
                       labour_brand, name))

struct NewEnterpriseInput {
  std::string uscc;
  std::string name;
  std::string division_code;
  std::string model;
  std::optional<bool> is_leading;
  std::optional<std::string> address;
  std::optional<std::vector<std::string>> occupations;
};
BOOST_DESCRIBE_STRUCT(NewEnterpriseInput, (),
                      (uscc, name, division_code, model, is_leading, address, occupations))

struct EnterpriseListingInput {
  std::string status;
  std::optional<std::string> reason;
};
BOOST_DESCRIBE_STRUCT(EnterpriseListingInput, (), (status, reason))

struct ImportEnterpriseResultProblem {
  int64_t row{};
  std::string column;
  std::string column_letter;
  std::string field;
  std::string code;
  std::string detail;
  std::string message;
  std::string value_masked;
};
BOOST_DESCRIBE_STRUCT(ImportEnterpriseResultProblem, (),
                      (row, column, column_letter, field, code, detail, message, value_masked))

struct ImportEnterpriseResultPreviewRow {
  int64_t row{};
  std::vector<std::string> cells;
};
BOOST_DESCRIBE_STRUCT(ImportEnterpriseResultPreviewRow, (), (row, cells))

struct ImportEnterpriseResultPreview {
  std::vector<std::string> header;
  std::vector<ImportEnterpriseResultPreviewRow> rows;
};
BOOST_DESCRIBE_STRUCT(ImportEnterpriseResultPreview, (), (header, rows))

struct ImportWorkerInput {
  std::vector<std::vector<std::string>> rows;
};
BOOST_DESCRIBE_STRUCT(ImportWorkerInput, (), (rows))

struct ImportWorkerResultSkippedNote {
  int64_t row{};
  std::string reason;
  std::string message;
  std::string text;
};
BOOST_DESCRIBE_STRUCT(ImportWorkerResultSkippedNote, (), (row, reason, message, text))

struct ImportWorkerResultRepair {
  int64_t row{};
  std::string column;
  std::string field;
  std::string what;
};
BOOST_DESCRIBE_STRUCT(ImportWorkerResultRepair, (), (row, column, field, what))

struct ImportResult {
  std::string format;
  std::string encoding;
  std::string mode;
  bool dry_run{};
  int64_t header_row{};
  std::vector<boost::json::value> skipped_rows;
  std::vector<boost::json::value> skipped_notes;
  std::vector<boost::json::value> ignored_columns;
  int64_t total_rows{};
  int64_t good_rows{};
  int64_t bad_rows{};
  int64_t imported{};
  bool written{};
  std::vector<boost::json::value> repairs;
  std::vector<ImportEnterpriseResultProblem> problems;
  std::vector<ImportEnterpriseResultProblem> held_for_review;
  ImportEnterpriseResultPreview preview;
};
BOOST_DESCRIBE_STRUCT(ImportResult, (),
                      (format, encoding, mode, dry_run, header_row, skipped_rows, skipped_notes,
                       ignored_columns, total_rows, good_rows, bad_rows, imported, written, repairs, problems,
                       held_for_review, preview))

struct LabourBrandInput {
  std::string code;
  std::string name;
  std::string home_division_code;
  std::vector<std::string> occupations;
};
BOOST_DESCRIBE_STRUCT(LabourBrandInput, (), (code, name, home_division_code, occupations))

struct LabourBrandResult {
  int64_t id{};
  std::string code;
  std::string name;
  std::string home_division_code;
  std::string home_division_name;
  std::vector<std::string> occupations;
  int64_t worker_count{};
  int64_t enterprise_count{};
  std::vector<boost::json::value> enterprises;
};
BOOST_DESCRIBE_STRUCT(LabourBrandResult, (),
                      (id, code, name, home_division_code, home_division_name, occupations, worker_count,
                       enterprise_count, enterprises))

struct EnterpriseIdInput {
  int64_t enterprise_id{};
};
BOOST_DESCRIBE_STRUCT(EnterpriseIdInput, (), (enterprise_id))

struct AddedResult {
  bool added{};
};
BOOST_DESCRIBE_STRUCT(AddedResult, (), (added))

struct WorkerIdInput {
  int64_t worker_id{};
};
BOOST_DESCRIBE_STRUCT(WorkerIdInput, (), (worker_id))

struct NewWorkerInput {
  std::string name;
  std::string id_number;
  std::optional<std::string> current_division_code;
  std::vector<WorkerOccupation> occupations;
  std::optional<int64_t> hours_per_week;
  std::optional<std::string> work_scope;
  std::optional<std::string> phone;
  std::optional<std::vector<std::string>> flags;
  std::optional<bool> live_in;
  std::optional<int64_t> expected_wage;
  std::optional<std::vector<std::string>> preferred_cities;
  std::optional<int64_t> enterprise_id;
  std::optional<std::string> labour_brand;
  std::optional<int64_t> labour_brand_id;
};
BOOST_DESCRIBE_STRUCT(NewWorkerInput, (),
                      (name, id_number, current_division_code, occupations, hours_per_week, work_scope, phone,
                       flags, live_in, expected_wage, preferred_cities, enterprise_id, labour_brand,
                       labour_brand_id))

struct WorkerBody {
  int64_t id{};
  std::string public_id;
  std::string name;
  std::string id_number_mask;
  std::optional<std::string> phone_mask;
  std::string gender;
  int64_t birth_year{};
  std::string current_division_code;
  std::string current_division_name;
  std::string prefecture_code;
  std::string prefecture_name;
  std::vector<std::string> flags;
  std::vector<WorkerOccupation> occupations;
  bool live_in{};
  int64_t hours_per_week{};
  int64_t expected_wage{};
  std::string work_scope;
  std::vector<std::string> preferred_cities;
  std::optional<int64_t> labour_brand_id;
  std::string labour_brand_code;
  std::string labour_brand_name;
  std::optional<int64_t> enterprise_id;
  std::string enterprise_name;
  std::string identity_status;
  bool has_photo{};
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> native_division_code;
  std::optional<std::string> native_division_name;
  std::optional<std::vector<LabourBrandViewEnterprise>> transfer_bases;
  std::optional<std::vector<LabourBrandViewEnterprise>> service_points;
  std::optional<std::string> photo_url;
  std::optional<std::vector<std::string>> repairs;
};
BOOST_DESCRIBE_STRUCT(WorkerBody, (),
                      (id, public_id, name, id_number_mask, phone_mask, gender, birth_year,
                       current_division_code, current_division_name, prefecture_code, prefecture_name, flags,
                       occupations, live_in, hours_per_week, expected_wage, work_scope, preferred_cities,
                       labour_brand_id, labour_brand_code, labour_brand_name, enterprise_id, enterprise_name,
                       identity_status, has_photo, created_at, updated_at, native_division_code,
                       native_division_name, transfer_bases, service_points, photo_url, repairs))

struct WorkerFlagInput {
  std::string flag;
  bool value{};
  std::optional<std::string> evidence;
};
BOOST_DESCRIBE_STRUCT(WorkerFlagInput, (), (flag, value, evidence))

// A transfer base, training institution or service point (codec::unit_json): the members after `address`
// are the staff view's, `kind` and `occupations` an institution's, `enterprise_id` and `member_count` a
// base's or point's, `labour_brand_id` a base's.
struct UnitBody {
  int64_t id{};
  std::string name;
  std::string division_code;
  std::string division_name;
  std::string prefecture_code;
  std::string prefecture_name;
  std::string address;
  std::optional<std::string> kind;
  std::optional<std::vector<std::string>> occupations;
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_phone_mask;
  std::optional<std::string> uscc;
  std::optional<int64_t> enterprise_id;
  std::optional<int64_t> member_count;
  std::optional<int64_t> labour_brand_id;
  std::optional<std::string> created_at;
  std::optional<std::string> updated_at;
};
BOOST_DESCRIBE_STRUCT(UnitBody, (),
                      (id, name, division_code, division_name, prefecture_code, prefecture_name, address,
                       kind, occupations, contact_name, contact_phone_mask, uscc, enterprise_id, member_count,
                       labour_brand_id, created_at, updated_at))

// A unit to register or change (codec::unit_input_from_json; which members apply depends on the kind).
struct UnitInput {
  std::optional<std::string> name;
  std::optional<std::string> division_code;
  std::optional<std::string> address;
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_phone;
  std::optional<std::string> kind;
  std::optional<std::vector<std::string>> occupations;
  std::optional<std::string> uscc;
  std::optional<int64_t> enterprise_id;
  std::optional<int64_t> labour_brand_id;
};
BOOST_DESCRIBE_STRUCT(UnitInput, (),
                      (name, division_code, address, contact_name, contact_phone, kind, occupations, uscc,
                       enterprise_id, labour_brand_id))

}  // namespace jz::registry::api
