#pragma once
// The registry's rules (no HTTP): who may create, see and change enterprises, brands, transfer bases,
// institutions, service points and workers, and how a record is validated, encrypted and audited. Data
// scope follows one pattern everywhere:
//   province admin → everything; department official → reads everything, changes nothing;
//   city officer   → records whose 市州 (prefecture_code) is hers, and nothing may be moved out of it;
//   enterprise     → itself, its own staff, and the bases / service points it operates;
//   worker         → herself.
// A role the route admits but whose scope does not hold the record gets `out_of_scope` (403), never
// `forbidden`, which the dispatcher reserves for roles the route does not admit at all.
//
// Every write runs in one transaction with its audit entry. Thread-safe: the service holds only references
// to shared, immutable state (database pool, cipher, division catalogue).
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "registry/model.hpp"
#include "registry/worker_input.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"
#include "security/roles.hpp"

namespace jz::registry {

// The listing of an enterprise on the provincial integrity platform:
//   applied   → approved  (official; a code held for review needs a reason: the official confirms it)
//   approved  → suspended (official, reason required)
//   suspended → approved  (official, reason required: reinstated)
//   suspended → applied   (official, or the enterprise itself re-applying)
// Anything else, including a status to itself, is `invalid_transition` (409). An enterprise may only
// re-apply (`official_only` otherwise). Pure, so it is tested on its own.
[[nodiscard]] Result<void> check_listing_transition(const std::string& from, const std::string& to,
                                                    bool held_for_review, const std::string& reason, bool by_official);

// Scope predicates over the entities (workers: registry/scope.hpp).
[[nodiscard]] bool can_view_enterprise(const security::Principal& p, const Enterprise& e);
[[nodiscard]] bool can_view_unit(const security::Principal& p, const Unit& u);
[[nodiscard]] bool can_edit_unit(const security::Principal& p, const Unit& u);
// Adding and removing members: who edits the unit, or the enterprise that operates it.
[[nodiscard]] bool can_manage_unit_members(const security::Principal& p, const Unit& u);

// A worker field as it arrives in a PATCH: present with a value, or present as null/"" (cleared).
struct WorkerPatch {
  std::map<std::string, std::string> fields;  // WorkerInput field name → text ("" clears)
  std::optional<std::optional<int64_t>> enterprise_id;
  std::vector<FieldProblem> conversion_problems;  // fields whose JSON type was wrong, or that cannot be edited
};

struct CreatedWorker {
  WorkerRecord record;
  std::vector<std::string> repairs;
};

template <class T>
using Checked = std::variant<T, std::vector<FieldProblem>>;

class Service final {
 public:
  Service(db::Database& db, const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog)
      : db_(db), cipher_(cipher), catalog_(catalog) {}

  // ---- Enterprises ----
  Result<Enterprise> create_enterprise(const security::Principal& p, const EnterpriseInput& in,
                                       const security::AuditActor& actor);
  Result<Enterprise> get_enterprise(const security::Principal& p, int64_t id);
  Result<Enterprise> update_enterprise(const security::Principal& p, int64_t id, const EnterpriseInput& in,
                                       const security::AuditActor& actor);
  Result<Enterprise> change_listing(const security::Principal& p, int64_t id, const std::string& status,
                                    const std::string& reason, const security::AuditActor& actor);
  Result<std::vector<ListingEvent>> listing_events(const security::Principal& p, int64_t id);
  Result<PageOf<Enterprise>> list_enterprises(const security::Principal& p, EnterpriseFilter f, const Page& page);
  PageOf<Enterprise> list_public_enterprises(const EnterpriseFilter& f, const Page& page);

  // ---- Labour brands ----
  Result<LabourBrand> create_brand(const BrandInput& in, const security::AuditActor& actor);
  Result<LabourBrand> get_brand(const std::string& id_or_code);
  // True when the membership changed (false: it already was so).
  Result<bool> add_brand_enterprise(const security::Principal& p, const std::string& brand, int64_t enterprise_id,
                                    const security::AuditActor& actor);
  Result<bool> remove_brand_enterprise(const security::Principal& p, const std::string& brand, int64_t enterprise_id,
                                       const security::AuditActor& actor);

  // ---- Transfer bases, institutions, service points ----
  Result<Unit> create_unit(const security::Principal& p, UnitKind kind, const UnitInput& in,
                           const security::AuditActor& actor);
  Result<Unit> get_unit(const security::Principal& p, UnitKind kind, int64_t id);
  Result<Unit> update_unit(const security::Principal& p, UnitKind kind, int64_t id, const UnitInput& in,
                           const security::AuditActor& actor);
  Result<PageOf<Unit>> list_units(const security::Principal& p, UnitKind kind, UnitFilter f, const Page& page);
  PageOf<Unit> list_public_units(UnitKind kind, const UnitFilter& f, const Page& page);
  std::optional<Unit> get_public_unit(UnitKind kind, int64_t id);
  Result<bool> add_unit_member(const security::Principal& p, UnitKind kind, int64_t unit_id, int64_t worker_id,
                               const security::AuditActor& actor);
  Result<bool> remove_unit_member(const security::Principal& p, UnitKind kind, int64_t unit_id, int64_t worker_id,
                                  const security::AuditActor& actor);
  // Members the caller may see (her worker scope applies to the member list too).
  Result<PageOf<WorkerRecord>> unit_members(const security::Principal& p, UnitKind kind, int64_t unit_id,
                                            const Page& page);

  // ---- Workers ----
  Checked<CreatedWorker> create_worker(const security::Principal& p, WorkerInput in, const security::AuditActor& actor);
  Checked<WorkerRecord> update_worker(const security::Principal& p, int64_t id, const WorkerPatch& patch,
                                      const security::AuditActor& actor);
  // The full record (masks only), audited as a sensitive read with subject_worker_id.
  Result<WorkerRecord> view_worker(const security::Principal& p, int64_t id, const security::AuditActor& actor);
  Result<PageOf<WorkerRecord>> list_workers(const security::Principal& p, WorkerFilter f, const Page& page);
  Result<void> put_photo(const security::Principal& p, int64_t worker_id, const std::string& bytes,
                         const security::AuditActor& actor);
  Result<Photo> get_photo(const security::Principal& p, int64_t worker_id);
  // The blind index under which an ID number typed into a search box is found (nullopt: not an ID number).
  std::optional<db::Blob> id_number_search_key(const std::string& text) const;

  const reference::DivisionCatalog& catalog() const { return catalog_; }

 private:
  // The division a record is placed in: a current Gansu county inside the caller's 市州 → {county, 市州}.
  Result<std::pair<std::string, std::string>> checked_county(const security::Principal& p, const std::string& raw) const;
  Result<std::vector<std::string>> check_occupations(db::Connection& conn, const std::vector<std::string>& codes,
                                                     const std::string& field);

  db::Database& db_;
  const security::FieldCipher& cipher_;
  const reference::DivisionCatalog& catalog_;
};

// What a photo's first bytes say it is: "image/jpeg", "image/png", or "" for anything else.
[[nodiscard]] std::string photo_content_type(std::string_view bytes);
inline constexpr size_t kMaxPhotoBytes = 2 * 1024 * 1024;

}  // namespace jz::registry
