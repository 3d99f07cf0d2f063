#include "registry/service.hpp"

#include <tuple>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "common/free_text.hpp"
#include "common/mobile.hpp"
#include "common/text.hpp"
#include "common/time.hpp"
#include "common/uscc.hpp"
#include "registry/scope.hpp"
#include "registry/store.hpp"
#include "registry/worker_store.hpp"
#include "security/masking.hpp"

namespace jz::registry {

using security::Principal;
using security::Role;

// ---- Rules --------------------------------------------------------------------------------------------

Result<void> check_listing_transition(const std::string& from, const std::string& to, bool held_for_review,
                                      const std::string& reason, bool by_official) {
  if (to != "applied" && to != "approved" && to != "suspended")
    return make_error("invalid_field", "status", "applied, approved or suspended");
  if (!by_official && to != "applied") return make_error("official_only", "status");
  bool allowed = (from == "applied" && to == "approved") || (from == "approved" && to == "suspended") ||
                 (from == "suspended" && to == "approved") || (from == "suspended" && to == "applied");
  if (!allowed) return make_error("invalid_transition", "status", from + " → " + to);
  bool needs_reason = to == "suspended" || (from == "suspended" && to == "approved") ||
                      (to == "approved" && held_for_review);
  if (needs_reason && reason.empty()) return make_error("missing_field", "reason");
  return {};
}

bool can_view_enterprise(const Principal& p, const Enterprise& e) {
  switch (p.role) {
    case Role::province_admin:
    case Role::department: return true;
    case Role::city_officer: return !p.division_code.empty() && e.prefecture_code == p.division_code;
    case Role::enterprise: return p.enterprise_id && *p.enterprise_id == e.id;
    default: return false;
  }
}

namespace {

bool can_edit_enterprise_as_official(const Principal& p, const Enterprise& e) {
  if (p.role == Role::province_admin) return true;
  return p.role == Role::city_officer && can_view_enterprise(p, e);
}

bool in_officer_prefecture(const Principal& p, const std::string& prefecture_code) {
  return p.role == Role::province_admin ||
         (p.role == Role::city_officer && !p.division_code.empty() && prefecture_code == p.division_code);
}

// Codes (USCC, division, model, occupation): full-width forms folded to ASCII, then trimmed.
std::string clean(const std::string& s) { return normalize_input(s); }

// Free text (names, addresses, reasons): common/free_text.hpp.
std::string clean_text(const std::string& s) {
  return trim_text(s);
}
bool text_ok(const std::string& s, size_t max_chars) {
  return text_fits(s, max_chars);
}

// A required name, as every registry record has one: cleaned, non-empty, at most 100 characters.
Result<std::string> checked_name(const std::string& raw) {
  std::string name = clean_text(raw);
  if (name.empty()) return make_error("missing_field", "name");
  if (!text_ok(name, 100)) return make_error("invalid_field", "name", "at most 100 characters");
  return name;
}

security::AuditEntry entry(std::string action, std::string type, int64_t id, std::string summary = {}) {
  security::AuditEntry e;
  e.action = std::move(action);
  e.object_type = std::move(type);
  e.object_id = std::to_string(id);
  e.summary = std::move(summary);
  return e;
}

// An edit's name and county of a record (enterprise or unit), each when given; `changed` names what changed.
template <class Record, class CheckCounty>
Result<void> edit_name_and_county(Record& r, const std::optional<std::string>& name,
                                  const std::optional<std::string>& division_code, CheckCounty check_county,
                                  std::vector<std::string>& changed) {
  if (name) {
    auto checked = checked_name(*name);
    if (!checked) return checked.error();
    r.name = std::move(*checked);
    changed.push_back("name");
  }
  if (division_code) {
    auto county = check_county(*division_code);
    if (!county) return county.error();
    std::tie(r.division_code, r.prefecture_code) = std::move(*county);
    changed.push_back("division_code");
  }
  return {};
}

const char* unit_object_type(UnitKind kind) {
  switch (kind) {
    case UnitKind::transfer_base: return "transfer_base";
    case UnitKind::institution: return "institution";
    case UnitKind::service_point: return "service_point";
  }
  return "unit";
}

// A contact phone: a mainland mobile or a landline ("0931-8888888"), kept as typed digits and hyphens.
std::optional<std::string> normalize_contact_phone(const std::string& raw) {
  auto m = check_mobile(raw);
  if (m.valid) return m.normalized;
  std::string s = normalize_input(raw);
  if (s.size() < 7 || s.size() > 20) return std::nullopt;
  if (s.find_first_not_of("0123456789-") != std::string::npos) return std::nullopt;
  return s;
}

}  // namespace

bool can_view_unit(const Principal& p, const Unit& u) {
  switch (p.role) {
    case Role::province_admin:
    case Role::department: return true;
    case Role::city_officer: return !p.division_code.empty() && u.prefecture_code == p.division_code;
    case Role::enterprise: return p.enterprise_id && u.enterprise_id && *p.enterprise_id == *u.enterprise_id;
    case Role::institution: return u.kind == UnitKind::institution && p.institution_id && *p.institution_id == u.id;
    default: return false;
  }
}

bool can_edit_unit(const Principal& p, const Unit& u) {
  if (p.role == Role::province_admin) return true;
  return p.role == Role::city_officer && can_view_unit(p, u);
}

bool can_manage_unit_members(const Principal& p, const Unit& u) {
  if (can_edit_unit(p, u)) return true;
  return p.role == Role::enterprise && can_view_unit(p, u);
}

Result<std::pair<std::string, std::string>> Service::checked_county(const Principal& p, const std::string& raw) const {
  std::string code = clean(raw);
  if (!catalog_.is_gansu_county(code, today_utc())) return make_error("unknown_division", "division_code", code.substr(0, 12));
  std::string pref = catalog_.prefecture_of(code);
  if (!in_officer_prefecture(p, pref)) return make_error("out_of_scope", "division_code");
  return std::make_pair(code, pref);
}

Result<std::vector<std::string>> Service::check_occupations(db::Connection& conn, const std::vector<std::string>& codes,
                                                            const std::string& field) {
  const std::set<std::string> known = worker_store::occupation_codes(conn);
  std::vector<std::string> out;
  for (const auto& raw : codes) {
    std::string code = clean(raw);
    if (!known.count(code)) return make_error("unknown_occupation", field, code.substr(0, 40));
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- Enterprises --------------------------------------------------------------------------------------

Result<Enterprise> Service::create_enterprise(const Principal& p, const EnterpriseInput& in,
                                              const security::AuditActor& actor) {
  if (!in.uscc || clean(*in.uscc).empty()) return make_error("missing_field", "uscc");
  if (!in.name || clean_text(*in.name).empty()) return make_error("missing_field", "name");
  if (!in.division_code || clean(*in.division_code).empty()) return make_error("missing_field", "division_code");
  if (!in.model || clean(*in.model).empty()) return make_error("missing_field", "model");
  UsccCheck uscc = check_uscc(*in.uscc);
  if (!uscc.valid && uscc.reason != "bad_checksum") return make_error("invalid_uscc", "uscc", uscc.reason);

  Enterprise e;
  e.uscc = uscc.normalized;
  e.uscc_check_ok = uscc.checksum_ok;
  e.held_for_review = !uscc.checksum_ok;
  auto name = checked_name(*in.name);
  if (!name) return name.error();
  e.name = std::move(*name);
  auto county = checked_county(p, *in.division_code);
  if (!county) return county.error();
  std::tie(e.division_code, e.prefecture_code) = std::move(*county);
  e.model = clean(*in.model);
  if (e.model != "employee_based" && e.model != "intermediary" && e.model != "mixed")
    return make_error("invalid_field", "model", "employee_based, intermediary or mixed");
  e.is_leading = in.is_leading.value_or(false);
  e.address = clean_text(in.address.value_or(""));
  if (!text_ok(e.address, 200)) return make_error("invalid_field", "address", "at most 200 characters");
  e.listing_status = "applied";

  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  if (in.occupations) {
    auto occ = check_occupations(*conn, *in.occupations, "occupations");
    if (!occ) return occ.error();
    e.occupations = std::move(*occ);
  }
  if (store::uscc_taken(*conn, e.uscc)) return make_error("duplicate_uscc", "uscc");
  e.created_at = e.updated_at = now_utc();
  e.id = store::insert_enterprise(*conn, e);
  store::add_listing_event(*conn, e.id, std::nullopt, "applied",
                           e.held_for_review ? "held_for_review: uscc check character fails" : "registered",
                           {actor.user_id, actor.username, actor.role}, e.created_at);
  security::write_audit(*conn, actor,
                        entry("enterprise.create", "enterprise", e.id,
                              e.held_for_review ? "held_for_review (uscc check character fails)" : ""));
  tx.commit();
  return *store::find_enterprise(*conn, e.id);
}

Result<Enterprise> Service::get_enterprise(const Principal& p, int64_t id) {
  auto conn = db_.acquire();
  auto e = store::find_enterprise(*conn, id);
  if (!e) return make_error("not_found");
  if (!can_view_enterprise(p, *e)) return make_error("out_of_scope");
  return *e;
}

Result<Enterprise> Service::update_enterprise(const Principal& p, int64_t id, const EnterpriseInput& in,
                                              const security::AuditActor& actor) {
  if (in.uscc) return make_error("field_not_editable", "uscc");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto found = store::find_enterprise(*conn, id);
  if (!found) return make_error("not_found");
  Enterprise e = *found;
  if (!can_view_enterprise(p, e) || p.role == Role::department) return make_error("out_of_scope");
  bool official = can_edit_enterprise_as_official(p, e);
  // An enterprise keeps its own profile (what it offers, its model, its address); officials the rest.
  if (!official) {
    if (in.name) return make_error("field_not_editable", "name");
    if (in.division_code) return make_error("field_not_editable", "division_code");
    if (in.is_leading) return make_error("field_not_editable", "is_leading");
  }
  std::vector<std::string> changed;
  auto county_of = [&](const std::string& raw) { return checked_county(p, raw); };
  if (auto edited = edit_name_and_county(e, in.name, in.division_code, county_of, changed); !edited)
    return edited.error();
  if (in.model) {
    std::string model = clean(*in.model);
    if (model != "employee_based" && model != "intermediary" && model != "mixed")
      return make_error("invalid_field", "model", "employee_based, intermediary or mixed");
    e.model = model;
    changed.push_back("model");
  }
  if (in.is_leading) {
    e.is_leading = *in.is_leading;
    changed.push_back("is_leading");
  }
  if (in.address) {
    std::string address = clean_text(*in.address);
    if (!text_ok(address, 200)) return make_error("invalid_field", "address", "at most 200 characters");
    e.address = address;
    changed.push_back("address");
  }
  if (in.occupations) {
    auto occ = check_occupations(*conn, *in.occupations, "occupations");
    if (!occ) return occ.error();
    e.occupations = std::move(*occ);
    changed.push_back("occupations");
  }
  if (changed.empty()) return e;
  e.updated_at = now_utc();
  store::update_enterprise(*conn, e);
  std::string summary;
  for (const auto& c : changed) summary += (summary.empty() ? "" : ",") + c;
  security::write_audit(*conn, actor, entry("enterprise.update", "enterprise", id, summary));
  tx.commit();
  return *store::find_enterprise(*conn, id);
}

Result<Enterprise> Service::change_listing(const Principal& p, int64_t id, const std::string& status,
                                           const std::string& reason, const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto e = store::find_enterprise(*conn, id);
  if (!e) return make_error("not_found");
  if (!can_view_enterprise(p, *e) || p.role == Role::department) return make_error("out_of_scope");
  bool official = can_edit_enterprise_as_official(p, *e);
  std::string why = clean_text(reason);
  if (!text_ok(why, 500)) return make_error("invalid_field", "reason", "at most 500 characters");
  auto ok = check_listing_transition(e->listing_status, status, e->held_for_review, why, official);
  if (!ok) return ok.error();
  std::string now = now_utc();
  // An official's approval is the explicit review of a code whose check character fails.
  bool held = e->held_for_review && status != "approved";
  store::set_listing(*conn, id, status, held, now);
  store::add_listing_event(*conn, id, e->listing_status, status, why, {actor.user_id, actor.username, actor.role}, now);
  security::write_audit(*conn, actor,
                        entry("enterprise.listing", "enterprise", id,
                              e->listing_status + "→" + status + (e->held_for_review && !held ? " (uscc reviewed)" : "")));
  tx.commit();
  return *store::find_enterprise(*conn, id);
}

Result<std::vector<ListingEvent>> Service::listing_events(const Principal& p, int64_t id) {
  auto e = get_enterprise(p, id);
  if (!e) return e.error();
  auto conn = db_.acquire();
  return store::listing_events(*conn, id);
}

Result<PageOf<Enterprise>> Service::list_enterprises(const Principal& p, EnterpriseFilter f, const Page& page) {
  switch (p.role) {
    case Role::province_admin:
    case Role::department: break;
    case Role::city_officer:
      // Her 市州 only: another prefecture asked for is simply empty.
      if (!f.prefecture.empty() && f.prefecture != p.division_code) return PageOf<Enterprise>{};
      f.prefecture = p.division_code;
      if (f.prefecture.empty()) return PageOf<Enterprise>{};
      break;
    case Role::enterprise:
      if (!p.enterprise_id) return PageOf<Enterprise>{};
      f.only_id = p.enterprise_id;
      break;
    default: return make_error("out_of_scope");
  }
  auto conn = db_.acquire();
  return store::list_enterprises(*conn, f, page);
}

PageOf<Enterprise> Service::list_public_enterprises(const EnterpriseFilter& f, const Page& page) {
  auto conn = db_.acquire();
  return store::list_public_enterprises(*conn, f, page);
}

// ---- Labour brands ------------------------------------------------------------------------------------

Result<LabourBrand> Service::create_brand(const BrandInput& in, const security::AuditActor& actor) {
  BrandInput b;
  b.code = clean(in.code);
  b.name = clean_text(in.name);
  b.home_division_code = clean(in.home_division_code);
  if (b.code.empty()) return make_error("missing_field", "code");
  if (b.code.size() > 40 || b.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos ||
      std::isdigit(static_cast<unsigned char>(b.code[0])))
    return make_error("invalid_field", "code", "a-z, 0-9 and _, at most 40");
  if (b.name.empty()) return make_error("missing_field", "name");
  if (!text_ok(b.name, 30)) return make_error("invalid_field", "name", "at most 30 characters");
  if (b.home_division_code.empty()) return make_error("missing_field", "home_division_code");
  const reference::Division* home = catalog_.find(b.home_division_code);
  if (!home || b.home_division_code.rfind("62", 0) != 0 || !home->valid_to.empty())
    return make_error("unknown_division", "home_division_code", b.home_division_code.substr(0, 12));
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto occ = check_occupations(*conn, in.occupations, "occupations");
  if (!occ) return occ.error();
  b.occupations = std::move(*occ);
  if (store::brand_taken(*conn, b.code, b.name)) return make_error("duplicate_labour_brand", "code");
  int64_t id = store::insert_brand(*conn, b);
  security::write_audit(*conn, actor, entry("labour_brand.create", "labour_brand", id, b.code));
  tx.commit();
  return *store::find_brand(*conn, std::to_string(id));
}

Result<LabourBrand> Service::get_brand(const std::string& id_or_code) {
  auto conn = db_.acquire();
  auto b = store::find_brand(*conn, id_or_code);
  if (!b) return make_error("not_found");
  return *b;
}

Result<bool> Service::add_brand_enterprise(const Principal& p, const std::string& brand, int64_t enterprise_id,
                                           const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto b = store::find_brand(*conn, brand);
  if (!b) return make_error("not_found");
  auto e = store::find_enterprise(*conn, enterprise_id);
  if (!e) return make_error("unknown_enterprise", "enterprise_id", std::to_string(enterprise_id));
  if (!can_edit_enterprise_as_official(p, *e)) return make_error("out_of_scope", "enterprise_id");
  bool changed = store::add_brand_enterprise(*conn, b->id, enterprise_id, now_utc());
  if (changed)
    security::write_audit(*conn, actor,
                          entry("labour_brand.add_enterprise", "labour_brand", b->id, "enterprise " + std::to_string(enterprise_id)));
  tx.commit();
  return changed;
}

Result<bool> Service::remove_brand_enterprise(const Principal& p, const std::string& brand, int64_t enterprise_id,
                                              const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto b = store::find_brand(*conn, brand);
  if (!b) return make_error("not_found");
  auto e = store::find_enterprise(*conn, enterprise_id);
  if (!e) return make_error("not_found");
  if (!can_edit_enterprise_as_official(p, *e)) return make_error("out_of_scope", "enterprise_id");
  bool changed = store::remove_brand_enterprise(*conn, b->id, enterprise_id);
  if (!changed) return make_error("not_found");
  security::write_audit(*conn, actor,
                        entry("labour_brand.remove_enterprise", "labour_brand", b->id, "enterprise " + std::to_string(enterprise_id)));
  tx.commit();
  return changed;
}

// ---- Transfer bases, institutions, service points ----------------------------------------------------

Result<Unit> Service::create_unit(const Principal& p, UnitKind kind, const UnitInput& in,
                                  const security::AuditActor& actor) {
  if (!in.name || clean_text(*in.name).empty()) return make_error("missing_field", "name");
  if (!in.division_code || clean(*in.division_code).empty()) return make_error("missing_field", "division_code");
  Unit u;
  u.kind = kind;
  u.institution_kind = "school";
  u.created_at = u.updated_at = now_utc();
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  std::optional<db::Blob> phone_enc;
  auto name = checked_name(*in.name);
  if (!name) return name.error();
  u.name = std::move(*name);
  auto county = checked_county(p, *in.division_code);
  if (!county) return county.error();
  std::tie(u.division_code, u.prefecture_code) = std::move(*county);
  u.address = clean_text(in.address.value_or(""));
  if (!text_ok(u.address, 200)) return make_error("invalid_field", "address", "at most 200 characters");
  u.contact_name = clean_text(in.contact_name.value_or(""));
  if (!text_ok(u.contact_name, 30)) return make_error("invalid_field", "contact_name", "at most 30 characters");
  if (in.contact_phone && *in.contact_phone && !clean(**in.contact_phone).empty()) {
    auto phone = normalize_contact_phone(**in.contact_phone);
    if (!phone) return make_error("invalid_mobile", "contact_phone", "mobile or landline");
    phone_enc = cipher_.encrypt(*phone, store::unit_tables(kind).phone_context);
    u.contact_phone_mask = security::mask_phone(*phone);
  }
  if (in.enterprise_id && *in.enterprise_id) {
    if (kind == UnitKind::institution) return make_error("invalid_field", "enterprise_id", "not for institutions");
    if (!worker_store::enterprise_exists(*conn, **in.enterprise_id))
      return make_error("unknown_enterprise", "enterprise_id", std::to_string(**in.enterprise_id));
    u.enterprise_id = *in.enterprise_id;
  }
  if (in.labour_brand_id && *in.labour_brand_id) {
    if (kind != UnitKind::transfer_base) return make_error("invalid_field", "labour_brand_id", "transfer bases only");
    if (!store::find_brand(*conn, std::to_string(**in.labour_brand_id)))
      return make_error("unknown_labour_brand", "labour_brand_id", std::to_string(**in.labour_brand_id));
    u.labour_brand_id = *in.labour_brand_id;
  }
  if (kind == UnitKind::institution) {
    if (in.institution_kind) {
      std::string k = clean(*in.institution_kind);
      if (k != "school" && k != "assessment_body" && k != "enterprise_centre" && k != "other")
        return make_error("invalid_field", "kind", "school, assessment_body, enterprise_centre or other");
      u.institution_kind = k;
    }
    if (in.uscc && !clean(*in.uscc).empty()) {
      auto c = check_uscc(*in.uscc);
      if (!c.valid) return make_error("invalid_uscc", "uscc", c.reason);
      u.uscc = c.normalized;
    }
    if (in.occupations) {
      auto occ = check_occupations(*conn, *in.occupations, "occupations");
      if (!occ) return occ.error();
      u.occupations = std::move(*occ);
    }
  } else if (in.institution_kind || in.uscc || in.occupations) {
    return make_error("invalid_field", in.institution_kind ? "kind" : in.uscc ? "uscc" : "occupations",
                      "institutions only");
  }
  u.id = store::insert_unit(*conn, u, phone_enc);
  security::write_audit(*conn, actor, entry(std::string(unit_object_type(kind)) + ".create", unit_object_type(kind), u.id));
  tx.commit();
  return *store::find_unit(*conn, kind, u.id);
}

Result<Unit> Service::get_unit(const Principal& p, UnitKind kind, int64_t id) {
  auto conn = db_.acquire();
  auto u = store::find_unit(*conn, kind, id);
  if (!u) return make_error("not_found");
  if (!can_view_unit(p, *u)) return make_error("out_of_scope");
  return *u;
}

Result<Unit> Service::update_unit(const Principal& p, UnitKind kind, int64_t id, const UnitInput& in,
                                  const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto found = store::find_unit(*conn, kind, id);
  if (!found) return make_error("not_found");
  if (!can_edit_unit(p, *found)) return make_error("out_of_scope");
  Unit u = *found;
  std::vector<std::string> changed;
  std::optional<std::optional<db::Blob>> phone_enc;
  auto county_of = [&](const std::string& raw) { return checked_county(p, raw); };
  if (auto edited = edit_name_and_county(u, in.name, in.division_code, county_of, changed); !edited)
    return edited.error();
  if (in.address) {
    std::string address = clean_text(*in.address);
    if (!text_ok(address, 200)) return make_error("invalid_field", "address", "at most 200 characters");
    u.address = address;
    changed.push_back("address");
  }
  if (in.contact_name) {
    std::string name = clean_text(*in.contact_name);
    if (!text_ok(name, 30)) return make_error("invalid_field", "contact_name", "at most 30 characters");
    u.contact_name = name;
    changed.push_back("contact_name");
  }
  if (in.contact_phone) {
    if (!*in.contact_phone || clean(**in.contact_phone).empty()) {
      phone_enc.emplace();  // replace with nothing: clear the stored phone
      u.contact_phone_mask.reset();
    } else {
      auto phone = normalize_contact_phone(**in.contact_phone);
      if (!phone) return make_error("invalid_mobile", "contact_phone", "mobile or landline");
      phone_enc.emplace(cipher_.encrypt(*phone, store::unit_tables(kind).phone_context));
      u.contact_phone_mask = security::mask_phone(*phone);
    }
    changed.push_back("contact_phone");
  }
  if (in.enterprise_id) {
    if (kind == UnitKind::institution) return make_error("invalid_field", "enterprise_id", "not for institutions");
    if (*in.enterprise_id && !worker_store::enterprise_exists(*conn, **in.enterprise_id))
      return make_error("unknown_enterprise", "enterprise_id", std::to_string(**in.enterprise_id));
    u.enterprise_id = *in.enterprise_id;
    changed.push_back("enterprise_id");
  }
  if (in.labour_brand_id) {
    if (kind != UnitKind::transfer_base) return make_error("invalid_field", "labour_brand_id", "transfer bases only");
    if (*in.labour_brand_id && !store::find_brand(*conn, std::to_string(**in.labour_brand_id)))
      return make_error("unknown_labour_brand", "labour_brand_id", std::to_string(**in.labour_brand_id));
    u.labour_brand_id = *in.labour_brand_id;
    changed.push_back("labour_brand_id");
  }
  if (kind == UnitKind::institution) {
    if (in.institution_kind) {
      std::string k = clean(*in.institution_kind);
      if (k != "school" && k != "assessment_body" && k != "enterprise_centre" && k != "other")
        return make_error("invalid_field", "kind", "school, assessment_body, enterprise_centre or other");
      u.institution_kind = k;
      changed.push_back("kind");
    }
    if (in.uscc) {
      if (clean(*in.uscc).empty()) {
        u.uscc.reset();
      } else {
        auto c = check_uscc(*in.uscc);
        if (!c.valid) return make_error("invalid_uscc", "uscc", c.reason);
        u.uscc = c.normalized;
      }
      changed.push_back("uscc");
    }
    if (in.occupations) {
      auto occ = check_occupations(*conn, *in.occupations, "occupations");
      if (!occ) return occ.error();
      u.occupations = std::move(*occ);
      changed.push_back("occupations");
    }
  } else if (in.institution_kind || in.uscc || in.occupations) {
    return make_error("invalid_field", in.institution_kind ? "kind" : in.uscc ? "uscc" : "occupations",
                      "institutions only");
  }
  if (changed.empty()) return u;
  u.updated_at = now_utc();
  store::update_unit(*conn, u, phone_enc);
  std::string summary;
  for (const auto& c : changed) summary += (summary.empty() ? "" : ",") + c;
  security::write_audit(*conn, actor, entry(std::string(unit_object_type(kind)) + ".update", unit_object_type(kind), id, summary));
  tx.commit();
  return *store::find_unit(*conn, kind, id);
}

Result<PageOf<Unit>> Service::list_units(const Principal& p, UnitKind kind, UnitFilter f, const Page& page) {
  switch (p.role) {
    case Role::province_admin:
    case Role::department: break;
    case Role::city_officer:
      if (!f.prefecture.empty() && f.prefecture != p.division_code) return PageOf<Unit>{};
      f.prefecture = p.division_code;
      if (f.prefecture.empty()) return PageOf<Unit>{};
      break;
    case Role::enterprise:
      // The bases and service points it operates; institutions have no operator.
      if (!p.enterprise_id || kind == UnitKind::institution) return PageOf<Unit>{};
      f.enterprise_id = p.enterprise_id;
      break;
    case Role::institution:
      if (!p.institution_id || kind != UnitKind::institution) return PageOf<Unit>{};
      f.only_id = p.institution_id;
      break;
    default: return make_error("out_of_scope");
  }
  auto conn = db_.acquire();
  return store::list_units(*conn, kind, f, page);
}

PageOf<Unit> Service::list_public_units(UnitKind kind, const UnitFilter& f, const Page& page) {
  auto conn = db_.acquire();
  return store::list_units(*conn, kind, f, page);
}

std::optional<Unit> Service::get_public_unit(UnitKind kind, int64_t id) {
  auto conn = db_.acquire();
  return store::find_unit(*conn, kind, id);
}

Result<bool> Service::add_unit_member(const Principal& p, UnitKind kind, int64_t unit_id, int64_t worker_id,
                                      const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto u = store::find_unit(*conn, kind, unit_id);
  if (!u) return make_error("not_found");
  if (!can_manage_unit_members(p, *u)) return make_error("out_of_scope");
  auto ref = load_worker_ref(*conn, worker_id);
  if (!ref) return make_error("not_found", "worker_id");
  // Only a worker the caller may see can be added (an enterprise its own staff, an officer her 市州's).
  if (!can_view_worker(p, *ref)) return make_error("out_of_scope", "worker_id");
  bool changed = store::add_unit_member(*conn, kind, unit_id, worker_id, now_utc());
  if (changed) {
    auto e = entry(std::string(unit_object_type(kind)) + ".add_worker", unit_object_type(kind), unit_id);
    e.subject_worker_id = worker_id;
    security::write_audit(*conn, actor, e);
  }
  tx.commit();
  return changed;
}

Result<bool> Service::remove_unit_member(const Principal& p, UnitKind kind, int64_t unit_id, int64_t worker_id,
                                         const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto u = store::find_unit(*conn, kind, unit_id);
  if (!u) return make_error("not_found");
  if (!can_manage_unit_members(p, *u)) return make_error("out_of_scope");
  // An enterprise removes only its own staff; officials who manage the unit may remove any member.
  if (p.role == Role::enterprise) {
    auto ref = load_worker_ref(*conn, worker_id);
    if (ref && !can_view_worker(p, *ref)) return make_error("out_of_scope", "worker_id");
  }
  if (!store::remove_unit_member(*conn, kind, unit_id, worker_id)) return make_error("not_found", "worker_id");
  auto e = entry(std::string(unit_object_type(kind)) + ".remove_worker", unit_object_type(kind), unit_id);
  e.subject_worker_id = worker_id;
  security::write_audit(*conn, actor, e);
  tx.commit();
  return true;
}

Result<PageOf<WorkerRecord>> Service::unit_members(const Principal& p, UnitKind kind, int64_t unit_id,
                                                   const Page& page) {
  auto conn = db_.acquire();
  auto u = store::find_unit(*conn, kind, unit_id);
  if (!u) return make_error("not_found");
  if (!can_view_unit(p, *u)) return make_error("out_of_scope");
  WorkerFilter f;
  f.member_of = std::make_pair(kind, unit_id);
  return worker_store::list_workers(*conn, f, worker_scope_filter(p), page);
}

}  // namespace jz::registry
