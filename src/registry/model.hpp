#pragma once
// Plain types of the registry (product sections 1-2): enterprises and their listing on the provincial
// integrity platform, labour brands, labour-transfer bases, training institutions, community service points,
// and the worker record as the console shows it. Personal data appears here only as masks.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jz::registry {

// ?page=&page_size= of every list; page_size is at most kMaxPageSize.
struct Page {
  static constexpr int kMaxPageSize = 100;
  int page = 1;
  int page_size = 20;
  int64_t offset() const { return int64_t{page - 1} * page_size; }
};

// ---- Enterprises ---------------------------------------------------------------------------------------

struct BrandRef {
  int64_t id = 0;
  std::string code;
  std::string name;
};

struct Enterprise {
  int64_t id = 0;
  std::string uscc;
  bool uscc_check_ok = true;
  // A code whose check character fails waits for an official's explicit approval of its listing.
  bool held_for_review = false;
  std::string name;
  std::string division_code;    // county
  std::string prefecture_code;  // 市州
  std::string model;            // employee_based | intermediary | mixed
  bool is_leading = false;
  std::string listing_status;   // applied | approved | suspended
  std::string address;
  std::vector<std::string> occupations;
  std::vector<BrandRef> brands;
  int64_t worker_count = 0;
  std::string created_at, updated_at;
};

struct EnterpriseFilter {
  std::string prefecture, county, model, listing_status, q;
  std::optional<int64_t> only_id;  // an enterprise account sees itself only
};

// What POST /enterprises carries (also PATCH, where every field is optional).
struct EnterpriseInput {
  std::optional<std::string> uscc, name, division_code, model, address;
  std::optional<bool> is_leading;
  std::optional<std::vector<std::string>> occupations;
};

struct ListingEvent {
  int64_t id = 0;
  std::optional<std::string> from_status;
  std::string status;
  std::string reason;
  std::string actor_username, actor_role;
  std::string at;
};

// ---- Labour brands -------------------------------------------------------------------------------------

struct LabourBrand {
  int64_t id = 0;
  std::string code, name, home_division_code;
  std::vector<std::string> occupations;
  int64_t worker_count = 0;
  int64_t enterprise_count = 0;
  std::vector<std::pair<int64_t, std::string>> enterprises;  // member enterprises: id, name
};

struct BrandInput {
  std::string code, name, home_division_code;
  std::vector<std::string> occupations;
};

// ---- Transfer bases, institutions, service points ("units": places with a division, contacts, members) --

enum class UnitKind { transfer_base, institution, service_point };

struct Unit {
  UnitKind kind = UnitKind::transfer_base;
  int64_t id = 0;
  std::string name, division_code, prefecture_code, address, contact_name;
  std::optional<std::string> contact_phone_mask;
  std::optional<int64_t> enterprise_id;    // operator (bases, service points)
  std::optional<int64_t> labour_brand_id;  // bases
  std::string institution_kind;            // institutions: school | assessment_body | enterprise_centre | other
  std::optional<std::string> uscc;         // institutions
  std::vector<std::string> occupations;    // institutions: what they train
  int64_t member_count = 0;
  std::string created_at, updated_at;
};

struct UnitInput {
  std::optional<std::string> name, division_code, address, contact_name, institution_kind, uscc;
  std::optional<std::optional<std::string>> contact_phone;  // present-null clears
  std::optional<std::optional<int64_t>> enterprise_id, labour_brand_id;
  std::optional<std::vector<std::string>> occupations;
};

struct UnitFilter {
  std::string prefecture, county, q;
  std::optional<int64_t> enterprise_id;
  std::optional<int64_t> only_id;  // an institution account sees its own record only
};

// ---- Workers -------------------------------------------------------------------------------------------

inline constexpr const char* kWorkerFlags[] = {"poverty_alleviated", "monitored",   "relocated",
                                               "rural_migrant",      "new_entrant", "graduate"};

struct WorkerRecord {
  int64_t id = 0;
  std::string public_id, name, id_number_mask;
  std::optional<std::string> phone_mask;
  std::string gender, birth_date, native_division_code, current_division_code, prefecture_code;
  std::vector<std::string> flags;
  std::vector<std::pair<std::string, int>> occupations;
  bool live_in = false;
  int64_t hours_per_week = 40, expected_wage = 0;
  std::string work_scope, preferred_cities;
  std::optional<int64_t> labour_brand_id, enterprise_id;
  std::string labour_brand_code, labour_brand_name, enterprise_name;
  std::string identity_status;
  bool has_photo = false;
  std::vector<std::pair<int64_t, std::string>> transfer_bases, service_points;
  std::string created_at, updated_at;
};

struct WorkerFilter {
  std::string prefecture, county, occupation, flag, gender, q;
  std::optional<int64_t> enterprise_id, labour_brand_id;
  std::optional<std::vector<unsigned char>> id_number_bidx;  // q was a valid ID number: exact lookup
  std::optional<std::pair<UnitKind, int64_t>> member_of;      // members of a transfer base or service point
};

struct Photo {
  std::string content_type;
  std::string data;
  std::string updated_at;
};

template <class T>
struct PageOf {
  std::vector<T> items;
  int64_t total = 0;
};

}  // namespace jz::registry
