#pragma once
// SQL of the registry's market entities: enterprises (with what they offer, their brands and the history of
// their listing), labour brands and their member enterprises, and the "units" — labour-transfer bases,
// training institutions, community service points — with their member workers. Workers themselves are in
// worker_store.hpp. Every function runs on a connection the caller holds (inside its transaction for writes);
// none of them checks permissions: that is the service's job.
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "registry/model.hpp"

namespace jz::registry::store {

// ---- Enterprises ----
std::optional<Enterprise> find_enterprise(db::Connection& conn, int64_t id);
bool uscc_taken(db::Connection& conn, const std::string& uscc);
// Inserts the enterprise and its occupations; returns the new id.
int64_t insert_enterprise(db::Connection& conn, const Enterprise& e);
// Updates the editable columns (name, division, prefecture, model, is_leading, address) and occupations.
void update_enterprise(db::Connection& conn, const Enterprise& e);
void set_listing(db::Connection& conn, int64_t id, const std::string& status, bool held_for_review,
                 const std::string& now);
struct ListingActor {
  std::optional<int64_t> user_id;
  std::string username, role;
};
void add_listing_event(db::Connection& conn, int64_t enterprise_id, const std::optional<std::string>& from,
                       const std::string& to, const std::string& reason, const ListingActor& actor,
                       const std::string& at);
std::vector<ListingEvent> listing_events(db::Connection& conn, int64_t enterprise_id);
PageOf<Enterprise> list_enterprises(db::Connection& conn, const EnterpriseFilter& f, const Page& page);
// Approved enterprises for the public directory (no USCC check details, no counts).
PageOf<Enterprise> list_public_enterprises(db::Connection& conn, const EnterpriseFilter& f, const Page& page);

// ---- Labour brands ----
// By numeric id or by code.
std::optional<LabourBrand> find_brand(db::Connection& conn, const std::string& id_or_code);
bool brand_taken(db::Connection& conn, const std::string& code, const std::string& name);
int64_t insert_brand(db::Connection& conn, const BrandInput& b);
// False when the enterprise already is / is not a member.
bool add_brand_enterprise(db::Connection& conn, int64_t brand_id, int64_t enterprise_id, const std::string& now);
bool remove_brand_enterprise(db::Connection& conn, int64_t brand_id, int64_t enterprise_id);

// ---- Transfer bases, institutions, service points ----
std::optional<Unit> find_unit(db::Connection& conn, UnitKind kind, int64_t id);
// `phone_enc` is the encrypted contact phone (or nullopt); its mask is in u.contact_phone_mask.
int64_t insert_unit(db::Connection& conn, const Unit& u, const std::optional<db::Blob>& phone_enc);
// `phone` set: replace the stored phone (an inner nullopt clears it); unset: keep it.
void update_unit(db::Connection& conn, const Unit& u, const std::optional<std::optional<db::Blob>>& phone_enc);
PageOf<Unit> list_units(db::Connection& conn, UnitKind kind, const UnitFilter& f, const Page& page);
bool add_unit_member(db::Connection& conn, UnitKind kind, int64_t unit_id, int64_t worker_id, const std::string& now);
bool remove_unit_member(db::Connection& conn, UnitKind kind, int64_t unit_id, int64_t worker_id);

// The table behind a unit kind, its member table and member key ("transfer_bases", "transfer_base_workers",
// "base_id"). Fixed strings, never from a request.
struct UnitTables {
  const char* table;
  const char* member_table;
  const char* member_key;
  const char* phone_context;  // FieldCipher context of contact_phone_enc
};
const UnitTables& unit_tables(UnitKind kind);

}  // namespace jz::registry::store
