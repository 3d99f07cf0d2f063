#include "services/service.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>

#include "common/mobile.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/store.hpp"
#include "security/masking.hpp"
#include "services/pdf.hpp"
#include "verify/token.hpp"

namespace jz::services {
namespace {

using security::Principal;
using security::Role;

security::AuditEntry entry(std::string action, std::string object_type, int64_t id, std::string summary,
                           std::optional<int64_t> worker = std::nullopt) {
  security::AuditEntry e;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::to_string(id);
  e.summary = std::move(summary);
  e.subject_worker_id = worker;
  return e;
}

bool sees(const Principal& p, const Order& o) {
  switch (p.role) {
    case Role::consumer: return o.consumer_user_id == p.user_id;
    case Role::enterprise: return p.enterprise_id && *p.enterprise_id == o.enterprise_id;
    case Role::worker:
      if (!p.worker_id) return false;
      for (const auto& a : o.assignments)
        if (a.worker_id == *p.worker_id) return true;
      return o.worker_id && *o.worker_id == *p.worker_id;
    default: return p.is_official() && p.scope_includes_division(o.prefecture_code);
  }
}

bool is_order_enterprise(const Principal& p, const Order& o) {
  return p.role == Role::enterprise && p.enterprise_id && *p.enterprise_id == o.enterprise_id;
}
bool is_order_consumer(const Principal& p, const Order& o) {
  return p.role == Role::consumer && o.consumer_user_id == p.user_id;
}

Result<std::string> reason_text(const std::string& s, bool required) {
  if (required && s.empty()) return make_error("missing_field", "reason");
  if (s.size() > 1500) return make_error("invalid_field", "reason", "≤ 500 characters");
  return s;
}

std::string hex16(std::string_view hex) { return std::string(hex.substr(0, 32)); }

}  // namespace

std::vector<EnterpriseInfo> Service::listed_enterprises(const std::string& prefecture) {
  auto conn = db_.acquire();
  return Store(*conn).listed_enterprises(prefecture, 200);
}

Result<Order> Service::load_visible(Store& s, const Principal& p, int64_t id) {
  auto o = s.order(id);
  if (!o) return make_error("not_found", "id");
  if (!sees(p, *o)) return make_error("out_of_scope");
  return *o;
}

Result<Order> Service::create_order(const Principal& p, NewOrder in, const security::AuditActor& actor) {
  if (std::find(kServiceTypes.begin(), kServiceTypes.end(), in.service_type) == kServiceTypes.end())
    return make_error("invalid_field", "service_type", "养老/育幼/保洁/母婴/烹饪/病患陪护");
  if (std::find(kModes.begin(), kModes.end(), in.mode) == kModes.end())
    return make_error("invalid_field", "mode", "live_in/day/hourly");
  const auto* county = catalog_.find(in.county_code);
  if (!county || county->level != 3) return make_error("invalid_field", "county_code", "a Gansu county");
  auto from = credit::day_number(in.starts_on);
  if (!from || *from < *credit::day_number(today_utc()))
    return make_error("invalid_field", "starts_on", "YYYY-MM-DD, today or later");
  if (in.ends_on) {
    auto to = credit::day_number(*in.ends_on);
    if (!to || *to < *from) return make_error("invalid_field", "ends_on", "YYYY-MM-DD, not before starts_on");
  }
  if (in.note.size() > 1500) return make_error("invalid_field", "note", "≤ 500 characters");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store s(*conn);
  auto e = s.enterprise(in.enterprise_id);
  if (!e) return make_error("invalid_field", "enterprise_id", "no such enterprise");
  if (e->listing_status != "approved") return make_error("enterprise_not_listed", "enterprise_id");
  const std::string now = now_utc();
  int64_t id = s.insert_order(p.user_id, in, catalog_.prefecture_of(in.county_code), now);
  security::write_audit(*conn, actor, entry("service_order.create", "service_order", id,
                                            fmt::format("{} {} enterprise {}", in.service_type, in.mode, e->id)));
  auto o = s.order(id);
  tx.commit();
  return *o;
}

Result<OrderPage> Service::list_orders(const Principal& p, const OrderFilter& f) {
  auto conn = db_.acquire();
  Store s(*conn);
  OrderPage out;
  out.page = f.page;
  out.page_size = f.page_size;
  switch (p.role) {
    case Role::consumer: out.items = s.orders_by("consumer_user_id", p.user_id, "", f, &out.total); break;
    case Role::enterprise:
      if (!p.enterprise_id) return make_error("forbidden");
      out.items = s.orders_by("enterprise_id", *p.enterprise_id, "", f, &out.total);
      break;
    case Role::worker:
      if (!p.worker_id) return make_error("forbidden");
      out.items = s.orders_by("worker_id", *p.worker_id, "", f, &out.total);
      break;
    default:
      if (!p.is_official()) return make_error("forbidden");
      out.items = s.orders_by("prefecture_code", 0, p.sees_whole_province() ? "" : p.division_code.substr(0, 4), f,
                              &out.total);
  }
  return out;
}

Result<Order> Service::order(const Principal& p, int64_t id) {
  auto conn = db_.acquire();
  Store s(*conn);
  return load_visible(s, p, id);
}

// One write transaction on order `id` as `p` may see it: `work(conn, store, order)` returns a Result<T>; the
// transaction commits when it succeeds and rolls back (everything `work` wrote) when it fails.
template <class T, class Work>
Result<T> Service::with_order(const Principal& p, int64_t id, Work&& work) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store s(*conn);
  auto o = load_visible(s, p, id);
  if (!o) return o.error();
  Result<T> r = work(*conn, s, *o);
  if (r) tx.commit();
  return r;
}

// The shape every order transition shares: the step's own checks and writes, then the order as it is now.
template <class Step>
Result<Order> Service::order_step(const Principal& p, int64_t id, Step&& step) {
  return with_order<Order>(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<Order> {
    if (auto r = step(conn, s, o); !r) return r.error();
    return *s.order(id);
  });
}

// Moves `o` from the status it was read in: UPDATE … SET <set>, updated_at WHERE status = <o.status>; a
// concurrent change (row count ≠ 1) is order_wrong_status. Audited inside the same transaction.
Result<void> Service::move_order(db::Connection& conn, Store& s, const Order& o, std::string set, db::Params params,
                                 const std::string& action, const std::string& summary,
                                 const security::AuditActor& actor, std::optional<int64_t> worker) {
  set += ", updated_at = ?";
  params.emplace_back(now_utc());
  if (s.update_order_if(o.id, o.status, set, std::move(params)) != 1)
    return make_error("order_wrong_status", "status", "changed meanwhile");
  security::write_audit(conn, actor,
                        entry("service_order." + action, "service_order", o.id, summary, worker ? worker : o.worker_id));
  return {};
}

namespace {
Result<void> need_status(const Order& o, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (o.status == a) return {};
  return make_error("order_wrong_status", "status", o.status);
}
}  // namespace

// The worker may be proposed for `o`: staff of its enterprise and not busy over its period. Takes her lock.
Result<void> Service::check_worker_free(Store& s, const Order& o, int64_t worker_id) {
  auto w = s.worker(worker_id);
  if (!w) return make_error("invalid_field", "worker_id", "no such worker");
  if (w->enterprise_id != o.enterprise_id) return make_error("worker_not_staff", "worker_id");
  s.lock_worker(worker_id);
  if (auto busy = s.busy_with(worker_id, o.id, o.mode == "live_in", o.starts_on, o.ends_on))
    return make_error("worker_busy", "worker_id", std::to_string(*busy));
  return {};
}

Result<Order> Service::propose(const Principal& p, int64_t id, int64_t worker_id, const security::AuditActor& actor) {
  return order_step(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<void> {
    if (!is_order_enterprise(p, o)) return make_error("forbidden");
    if (auto r = need_status(o, {"requested"}); !r) return r;
    if (auto r = check_worker_free(s, o, worker_id); !r) return r;
    if (auto r = move_order(conn, s, o, "status = 'proposed', worker_id = ?", {worker_id}, "propose", "proposed", actor,
                            worker_id);
        !r)
      return r;
    s.insert_assignment(id, worker_id, std::nullopt, "", now_utc());
    return {};
  });
}

Result<Order> Service::replace(const Principal& p, int64_t id, int64_t worker_id, const std::string& reason_in,
                               const security::AuditActor& actor) {
  auto reason = reason_text(reason_in, true);
  if (!reason) return reason.error();
  return order_step(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<void> {
    if (!is_order_enterprise(p, o)) return make_error("forbidden");
    if (auto r = need_status(o, {"proposed", "accepted", "contracted"}); !r) return r;
    if (o.worker_id && *o.worker_id == worker_id) return make_error("invalid_field", "worker_id", "the same worker");
    if (auto r = check_worker_free(s, o, worker_id); !r) return r;
    auto previous = s.open_assignment(id);
    if (auto r = move_order(conn, s, o, "status = 'proposed', worker_id = ?", {worker_id}, "replace",
                            fmt::format("replaced assignment {}", previous ? previous->id : 0), actor, worker_id);
        !r)
      return r;
    const std::string now = now_utc();
    if (previous) s.update_assignment_if(previous->id, previous->status, "replaced", "ended_at", now);
    s.insert_assignment(id, worker_id, previous ? std::optional(previous->id) : std::nullopt, *reason, now);
    return {};
  });
}

Result<Order> Service::accept(const Principal& p, int64_t id, const security::AuditActor& actor) {
  return order_step(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<void> {
    if (p.role != Role::worker || !o.worker_id || *o.worker_id != p.worker_id) return make_error("forbidden");
    if (auto r = need_status(o, {"proposed"}); !r) return r;
    s.lock_worker(*o.worker_id);
    if (auto busy = s.busy_with(*o.worker_id, id, o.mode == "live_in", o.starts_on, o.ends_on))
      return make_error("worker_busy", "worker_id", std::to_string(*busy));
    // A replaced order goes back to accepted; its contract is redone for the new worker (a new version).
    if (auto r = move_order(conn, s, o, "status = 'accepted'", {}, "accept", "accepted", actor); !r) return r;
    if (auto a = s.open_assignment(id)) s.update_assignment_if(a->id, "proposed", "accepted", "accepted_at", now_utc());
    return {};
  });
}

Result<Order> Service::decline(const Principal& p, int64_t id, const std::string& reason_in,
                               const security::AuditActor& actor) {
  auto reason = reason_text(reason_in, false);
  if (!reason) return reason.error();
  return order_step(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<void> {
    if (p.role != Role::worker || !o.worker_id || *o.worker_id != p.worker_id) return make_error("forbidden");
    if (auto r = need_status(o, {"proposed"}); !r) return r;
    if (auto r = move_order(conn, s, o, "status = 'requested', worker_id = NULL", {}, "decline", "declined", actor); !r)
      return r;
    if (auto a = s.open_assignment(id)) s.update_assignment_if(a->id, "proposed", "declined", "ended_at", now_utc());
    return {};
  });
}

Result<Order> Service::start(const Principal& p, int64_t id, const security::AuditActor& actor) {
  return order_step(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<void> {
    const bool consumer = is_order_consumer(p, o), enterprise = is_order_enterprise(p, o);
    if (!consumer && !enterprise) return make_error("forbidden");
    if (auto r = need_status(o, {"contracted"}); !r) return r;
    auto c = s.latest_contract(id);
    if (!c || c->status != "confirmed" || !o.worker_id || c->worker_id != *o.worker_id)
      return make_error("contract_missing");
    const bool both = consumer ? o.start_by_enterprise : o.start_by_consumer;
    std::string set = consumer ? "start_by_consumer = 1" : "start_by_enterprise = 1";
    db::Params params;
    if (both) {
      set += ", status = 'in_service', started_on = ?";
      params.emplace_back(today_utc());
    }
    return move_order(conn, s, o, set, params, "start", both ? "in_service" : "start confirmed by one side", actor);
  });
}

Result<Order> Service::complete(const Principal& p, int64_t id, const security::AuditActor& actor) {
  return order_step(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<void> {
    const bool consumer = is_order_consumer(p, o), enterprise = is_order_enterprise(p, o);
    if (!consumer && !enterprise) return make_error("forbidden");
    if (auto r = need_status(o, {"in_service"}); !r) return r;
    const std::string today = today_utc();
    const bool both = consumer ? o.complete_by_enterprise : o.complete_by_consumer;
    std::string set = consumer ? "complete_by_consumer = 1" : "complete_by_enterprise = 1";
    db::Params params;
    if (both) {
      auto entry_id = employment_entry(conn, s, o, today, actor);
      if (!entry_id) return entry_id.error();
      set += ", status = 'completed', completed_on = ?, employment_entry_id = ?";
      params.emplace_back(today);
      params.emplace_back(*entry_id);
    }
    return move_order(conn, s, o, set, params, "complete", both ? "completed" : "completion confirmed by one side",
                      actor);
  });
}

// The lie that pays: an enterprise signs up a "household" itself and confirms its own orders, turning its word
// into an independent employment record. A household counts as the enterprise's own when its account belongs
// to an enterprise or a worker, when its sign-up phone is the phone of one of the enterprise's workers, or when
// it signed up from an address an account of the enterprise has used (loopback and unknown addresses say
// nothing: a proxy without trusted_proxies). A phone that cannot be decrypted counts as linked: in doubt, not
// independent. The entry is still written, as the enterprise's own word (docs/credit-score.md).
bool Service::household_linked(Store& s, const Order& o) {
  auto h = s.household(o.consumer_user_id);
  if (!h || h->linked_account) return true;
  if (h->phone_enc) {
    auto phone = cipher_.decrypt(*h->phone_enc, "users.phone");
    if (!phone) return true;
    auto m = check_mobile(*phone);
    if (s.enterprise_staff_phone(o.enterprise_id, cipher_.blind_index(m.valid ? m.normalized : *phone, "workers.phone")))
      return true;
  }
  const std::string& ip = h->signup_ip;
  const bool says_nothing = ip.empty() || ip == "::1" || ip.rfind("127.", 0) == 0 || ip == "::ffff:127.0.0.1";
  return !says_nothing && s.enterprise_used_ip(o.enterprise_id, ip);
}

// Both the household and the enterprise say the job was done: the employment entry, independent unless the
// household may be the enterprise's own (household_linked).
Result<int64_t> Service::employment_entry(db::Connection& conn, Store& s, const Order& o, const std::string& today,
                                          const security::AuditActor& actor) {
  auto c = s.latest_contract(o.id);
  credit::NewEntry e;
  e.worker_id = *o.worker_id;
  e.kind = credit::EntryKind::employment;
  e.source_type = credit::SourceType::enterprise;
  e.source_id = o.enterprise_id;
  e.source_name = o.enterprise_name;
  e.occurred_on = o.started_on.value_or(today);
  e.details = {{"employer", o.enterprise_name},
               {"employer_enterprise_id", o.enterprise_id},
               {"place_division_code", o.county_code},
               {"occupation", o.service_type},
               {"end_date", today}};
  if (c) e.details["monthly_wage"] = c->fields.monthly_wage;
  const bool linked = household_linked(s, o);
  e.not_independent = linked;
  e.evidence = fmt::format("服务订单 {}，合同第 {} 版，家庭与企业均确认完成{}", o.id, c ? c->version : 0,
                           linked ? "；家庭账户与该企业有关联（同一手机号或注册地址），按企业自述计" : "");
  return credit_.add_entry(conn, e, actor);
}

Result<Order> Service::cancel(const Principal& p, int64_t id, const std::string& reason_in,
                              const security::AuditActor& actor) {
  auto reason = reason_text(reason_in, true);
  if (!reason) return reason.error();
  return order_step(p, id, [&](db::Connection& conn, Store& s, const Order& o) -> Result<void> {
    if (!is_order_consumer(p, o) && !is_order_enterprise(p, o)) return make_error("forbidden");
    if (o.status == "completed" || o.status == "cancelled") return make_error("order_wrong_status", "status", o.status);
    if (auto r = move_order(conn, s, o, "status = 'cancelled', cancel_reason = ?, cancelled_by_role = ?",
                            {*reason, std::string(security::role_name(p.role))}, "cancel", "cancelled from " + o.status,
                            actor);
        !r)
      return r;
    if (auto a = s.open_assignment(id)) s.update_assignment_if(a->id, a->status, a->status, "ended_at", now_utc());
    return {};
  });
}

// ── Contracts ──

std::vector<ContractTemplate> Service::templates() {
  auto conn = db_.acquire();
  return Store(*conn).templates();
}

Result<ContractTemplate> Service::add_template_version(const Principal& p, const std::string& code,
                                                       const std::string& title, const std::string& source,
                                                       const std::vector<TemplateClause>& clauses,
                                                       const security::AuditActor& actor) {
  if (p.role != Role::province_admin) return make_error("forbidden");
  if (code != "employee_based" && code != "intermediary") return make_error("not_found", "code");
  if (title.empty() || title.size() > 300) return make_error("invalid_field", "title", "1–100 characters");
  if (clauses.empty() || clauses.size() > 60) return make_error("invalid_field", "clauses", "1–60 clauses");
  for (const auto& c : clauses)
    if (c.heading.empty() || c.heading.size() > 300 || c.body.empty() || c.body.size() > 6000)
      return make_error("invalid_field", "clauses", "each clause needs a heading and a text");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store s(*conn);
  int version = s.insert_template_version(code, title, source, clauses, p.user_id, now_utc());
  security::write_audit(*conn, actor, entry("contract_template.create", "contract_template", version,
                                            code + " v" + std::to_string(version)));
  auto t = s.template_version(code, version);
  tx.commit();
  return *t;
}

ContractView Service::build_view(Store& s, const Contract& c, const Order& o) {
  ContractView v;
  v.contract = c;
  v.order = o;
  v.tmpl = s.template_version(c.template_code, c.template_version).value_or(ContractTemplate{});
  v.consumer_name = s.user_display_name(o.consumer_user_id);
  if (auto w = s.worker(c.worker_id)) {
    v.worker_name = w->name;
    v.worker_id_mask = w->id_number_mask;
    v.worker_phone_mask = w->phone_mask;
  }
  if (auto e = s.enterprise(o.enterprise_id)) {
    v.enterprise_name = e->name;
    v.enterprise_uscc = e->uscc;
  }
  const auto* county = catalog_.find(o.county_code);
  const auto* pref = catalog_.find(o.prefecture_code);
  v.county_name = (pref ? pref->name : "") + (county ? county->name : o.county_code);
  return v;
}

Result<std::vector<Warning>> Service::check(Store& s, const Order& o, const std::string& code,
                                            const ContractFields& f) {
  auto min = s.min_wage(o.county_code, f.period_from.empty() ? today_utc() : f.period_from);
  return check_contract(f, code, o.mode, min);
}

Result<ContractResult> Service::create_contract(const Principal& p, int64_t order_id, const std::string& code,
                                                const ContractFields& f, const security::AuditActor& actor) {
  return with_order<ContractResult>(p, order_id, [&](db::Connection& conn, Store& s, const Order& o)
                                                     -> Result<ContractResult> {
    if (!is_order_enterprise(p, o)) return make_error("forbidden");
    if (o.status != "accepted" && o.status != "contracted" && o.status != "in_service")
      return make_error("order_wrong_status", "status", o.status);
    auto tmpl = s.template_version(code, std::nullopt);
    if (!tmpl) return make_error("invalid_field", "template", "employee_based or intermediary");
    auto warnings = check(s, o, code, f);
    if (!warnings) return warnings.error();
    Contract c;
    c.order_id = order_id;
    c.template_code = code;
    c.template_version = tmpl->version;
    c.worker_id = *o.worker_id;
    c.fields = f;
    c.created_at = now_utc();
    auto latest = s.latest_contract(order_id);
    c.version = latest ? latest->version + 1 : 1;
    c.content_sha256 = content_digest(contract_text(build_view(s, c, o)));
    int64_t id = s.insert_contract(c, p.user_id);
    security::write_audit(conn, actor, entry("service_contract.create", "service_contract", id,
                                             fmt::format("order {} version {}", order_id, c.version), c.worker_id));
    return ContractResult{*s.contract(id), *warnings};
  });
}

Result<ContractResult> Service::update_contract(const Principal& p, int64_t contract_id, const ContractFields& f,
                                                const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store s(*conn);
  auto c = s.contract(contract_id);
  if (!c) return make_error("not_found", "id");
  auto o = load_visible(s, p, c->order_id);
  if (!o) return o.error();
  if (!is_order_enterprise(p, *o)) return make_error("forbidden");
  if (c->status != "draft" || !c->confirmations.empty()) return make_error("contract_confirmed");
  auto warnings = check(s, *o, c->template_code, f);
  if (!warnings) return warnings.error();
  Contract changed = *c;
  changed.fields = f;
  std::string digest = content_digest(contract_text(build_view(s, changed, *o)));
  if (s.update_draft_if_unconfirmed(contract_id, f, digest) != 1) return make_error("contract_confirmed");
  security::write_audit(*conn, actor, entry("service_contract.update", "service_contract", contract_id,
                                            "draft changed", c->worker_id));
  auto out = s.contract(contract_id);
  tx.commit();
  return ContractResult{*out, *warnings};
}

Result<ContractView> Service::contract_view(const Principal& p, int64_t contract_id) {
  auto conn = db_.acquire();
  Store s(*conn);
  auto c = s.contract(contract_id);
  if (!c) return make_error("not_found", "id");
  auto o = load_visible(s, p, c->order_id);
  if (!o) return o.error();
  return build_view(s, *c, *o);
}

Result<std::vector<Contract>> Service::order_contracts(const Principal& p, int64_t order_id) {
  auto conn = db_.acquire();
  Store s(*conn);
  auto o = load_visible(s, p, order_id);
  if (!o) return o.error();
  return s.contracts_of(order_id);
}

Result<Contract> Service::confirm(const Principal& p, int64_t contract_id, const std::string& digest,
                                  const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store s(*conn);
  auto c = s.contract(contract_id);
  if (!c) return make_error("not_found", "id");
  auto o = load_visible(s, p, c->order_id);
  if (!o) return o.error();
  std::string party;
  if (is_order_consumer(p, *o)) party = "consumer";
  else if (is_order_enterprise(p, *o)) party = "enterprise";
  else if (p.role == Role::worker && p.worker_id && *p.worker_id == c->worker_id) party = "worker";
  auto required = required_parties(c->template_code);
  if (party.empty() || std::find(required.begin(), required.end(), party) == required.end())
    return make_error("forbidden");
  auto latest = s.latest_contract(c->order_id);
  if (c->status == "superseded" || !latest || latest->id != c->id) return make_error("contract_not_current");
  if (!o->worker_id || *o->worker_id != c->worker_id) return make_error("contract_not_current");
  if (digest != c->content_sha256) return make_error("contract_digest_mismatch", "digest");
  const std::string now = now_utc();
  if (!s.insert_confirmation(contract_id, Confirmation{party, p.user_id, digest, now}))
    return make_error("contract_already_confirmed");
  security::write_audit(*conn, actor, entry("service_contract.confirm", "service_contract", contract_id,
                                            party + " confirmed sha256 " + hex16(digest), c->worker_id));
  auto now_c = s.contract(contract_id);
  bool all = true;
  for (const auto& r : required) {
    bool found = false;
    for (const auto& x : now_c->confirmations) found = found || x.party == r;
    all = all && found;
  }
  if (all) {
    if (s.mark_confirmed(contract_id, now) != 1) return make_error("contract_not_current");
    s.supersede_others(c->order_id, contract_id);
    s.update_order_if(c->order_id, "accepted", "status = 'contracted', updated_at = ?", {now});
    security::write_audit(*conn, actor, entry("service_contract.in_force", "service_contract", contract_id,
                                              "every party confirmed", c->worker_id));
    now_c = s.contract(contract_id);
  }
  tx.commit();
  return *now_c;
}

std::string Service::contract_pdf(const ContractView& v) {
  PdfMeta meta;
  meta.title = v.tmpl.title;
  meta.verify_url = verify_url(v.contract);
  meta.footer_left = fmt::format("模板 {} 第 {} 版 · 合同第 {} 版 · SHA-256 {}", v.tmpl.code, v.tmpl.version,
                                 v.contract.version, v.contract.content_sha256);
  meta.closing.push_back("各方确认（在陇原家政平台上以账号确认，记录确认人、时间和内容摘要）：");
  auto required = required_parties(v.contract.template_code);
  for (const auto& party : required) {
    std::string label = party == "consumer" ? "甲方（消费者）"
                        : party == "worker"  ? "乙方（服务人员）"
                        : v.contract.template_code == "intermediary" ? "丙方（家政中介机构）"
                                                                     : "乙方（家政企业）";
    std::string when = "尚未确认";
    for (const auto& c : v.contract.confirmations)
      if (c.party == party) when = "已于 " + c.at.substr(0, 16) + "（UTC）确认";
    meta.closing.push_back(label + "：" + when);
  }
  meta.closing.push_back("核验地址：" + meta.verify_url);
  return render_pdf(contract_text(v), meta);
}

std::string Service::contract_token(const Contract& c) const {
  std::string payload;
  payload += static_cast<char>(kContractTokenVersion);
  payload += static_cast<char>(1);
  for (int i = 3; i >= 0; --i) payload += static_cast<char>((static_cast<uint64_t>(c.id) >> (8 * i)) & 0xff);
  payload += static_cast<char>((c.version >> 8) & 0xff);
  payload += static_cast<char>(c.version & 0xff);
  unsigned char bin[32];
  size_t len = 0;
  sodium_hex2bin(bin, sizeof bin, c.content_sha256.data(), c.content_sha256.size(), nullptr, &len, nullptr);
  payload.append(reinterpret_cast<const char*>(bin), 16);
  return verify::sign_kind_payload(payload, key_);
}

std::optional<ContractStatus> Service::verify_contract_token(std::string_view token) {
  auto payload = verify::open_kind_token(token, key_.public_key());
  if (!payload || payload->size() != 24 || static_cast<unsigned char>((*payload)[0]) != kContractTokenVersion ||
      (*payload)[1] != 1)
    return std::nullopt;
  auto byte = [&](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>((*payload)[i])); };
  int64_t id = static_cast<int64_t>((byte(2) << 24) | (byte(3) << 16) | (byte(4) << 8) | byte(5));
  int version = static_cast<int>((byte(6) << 8) | byte(7));
  auto conn = db_.acquire();
  Store s(*conn);
  auto c = s.contract(id);
  if (!c || c->version != version) return std::nullopt;
  unsigned char bin[32];
  size_t len = 0;
  if (sodium_hex2bin(bin, sizeof bin, c->content_sha256.data(), c->content_sha256.size(), nullptr, &len, nullptr) != 0 ||
      len != 32 || std::string_view(reinterpret_cast<const char*>(bin), 16) != std::string_view(*payload).substr(8, 16))
    return std::nullopt;
  auto o = s.order(c->order_id);
  if (!o) return std::nullopt;
  ContractStatus st;
  st.contract = *c;
  auto tmpl = s.template_version(c->template_code, c->template_version);
  st.title = tmpl ? tmpl->title : c->template_code;
  st.enterprise_name = o->enterprise_name;
  if (auto w = s.worker(c->worker_id)) st.worker_name_masked = security::mask_name(w->name);
  const auto* county = catalog_.find(o->county_code);
  st.county_name = county ? catalog_.prefecture_of(o->county_code) + county->name : o->county_code;
  if (const auto* pref = catalog_.find(o->prefecture_code); pref && county) st.county_name = pref->name + county->name;
  st.service_type = std::string(service_type_label(o->service_type));
  st.mode = std::string(mode_label(o->mode));
  auto latest = s.latest_contract(c->order_id);
  st.current = latest && latest->id == c->id;
  st.required = required_parties(c->template_code);
  return st;
}

// ── The card ──

Result<std::string> Service::service_card_pdf(const Principal& p, int64_t worker_id, const security::AuditActor& actor) {
  CardData card;
  {
    auto conn = db_.acquire();
    db::Transaction tx(*conn, true);
    Store s(*conn);
    auto w = s.worker(worker_id);
    if (!w) return make_error("not_found", "id");
    if (p.role != Role::enterprise || !p.enterprise_id || w->enterprise_id != p.enterprise_id)
      return make_error("out_of_scope", "id");
    auto cert = s.current_certificate(worker_id, today_utc());
    if (!cert) return make_error("service_card_no_certificate", "id");
    auto e = s.enterprise(*p.enterprise_id);
    card.name = w->name;
    card.enterprise = e ? e->name : "";
    card.serial = cert->serial;
    card.issued_on = cert->issued_on;
    card.expires_on = cert->expires_on;
    card.verify_url = public_url_ + "/v/" + cert->token;
    if (auto photo = s.worker_photo(worker_id)) std::tie(card.photo_type, card.photo) = *photo;
    auto a = entry("service_card.print", "service_certificate", worker_id, "card " + cert->serial, worker_id);
    a.sensitive = true;
    security::write_audit(*conn, actor, a);
    tx.commit();
  }
  return render_card_pdf(card);
}

// ── Complaints ──

Result<credit::Complaint> Service::file_complaint(const Principal& p, int64_t order_id, const std::string& text_in,
                                                  const security::AuditActor& actor, std::optional<int64_t> worker_id) {
  if (text_in.empty()) return make_error("missing_field", "text");
  if (text_in.size() > 3000) return make_error("invalid_field", "text", "≤ 1000 characters");
  return with_order<credit::Complaint>(p, order_id, [&](db::Connection& conn, Store&, const Order& o)
                                                        -> Result<credit::Complaint> {
    if (!is_order_consumer(p, o)) return make_error("forbidden");
    // A complaint is about a service that happened: the worker must have started (a contracted order whose
    // worker never came is cancelled, not complained about), and by worker only the one who served.
    if (!o.worker_id || !o.started_on) return make_error("complaint_needs_service", "order_id", o.status);
    if (worker_id && *worker_id != *o.worker_id) return make_error("complaint_worker_not_on_order", "order_id");
    credit::Complaint c;
    c.worker_id = *o.worker_id;
    c.text = text_in;
    c.order_id = o.id;
    c.enterprise_id = o.enterprise_id;
    c.order_prefecture = o.prefecture_code;
    c.reply_due = add_working_days(today_utc(), kComplaintReplyWorkingDays);
    credit::Store cs(conn);
    int64_t id = cs.insert_order_complaint(c, p.user_id, now_utc());
    security::write_audit(conn, actor, entry("complaint.create", "complaint", id,
                                             fmt::format("order {} to enterprise {} due {}", o.id, o.enterprise_id,
                                                         c.reply_due),
                                             o.worker_id));
    return *cs.find_complaint(id);
  });
}

Result<std::vector<credit::Complaint>> Service::order_complaints(const Principal& p, int64_t order_id) {
  auto conn = db_.acquire();
  credit::Service::escalate_overdue(*conn);
  Store s(*conn);
  auto o = load_visible(s, p, order_id);
  if (!o) return o.error();
  return credit::Store(*conn).complaints_of_order(order_id);
}

Result<std::pair<credit::Complaint, Order>> Service::complaint_party(Store& s, credit::Store& cs, const Principal& p,
                                                                    int64_t id) {
  auto c = cs.find_complaint(id);
  if (!c || !c->order_id) return make_error("not_found", "id");
  auto o = s.order(*c->order_id);
  if (!o) return make_error("not_found", "id");
  if (!is_order_consumer(p, *o) && !is_order_enterprise(p, *o)) return make_error("out_of_scope", "id");
  return std::pair{*c, *o};
}

Result<credit::Complaint> Service::reply_complaint(const Principal& p, int64_t complaint_id, const std::string& reply,
                                                   const security::AuditActor& actor) {
  if (reply.empty()) return make_error("missing_field", "reply");
  if (reply.size() > 3000) return make_error("invalid_field", "reply", "≤ 1000 characters");
  auto conn = db_.acquire();
  credit::Service::escalate_overdue(*conn);  // a reply after the deadline is too late
  db::Transaction tx(*conn, true);
  Store s(*conn);
  credit::Store cs(*conn);
  auto found = complaint_party(s, cs, p, complaint_id);
  if (!found) return found.error();
  if (!is_order_enterprise(p, found->second)) return make_error("forbidden");
  if (!cs.reply_to_complaint(complaint_id, reply, now_utc())) return make_error("complaint_not_with_enterprise");
  security::write_audit(*conn, actor, entry("complaint.reply", "complaint", complaint_id, "enterprise replied",
                                            found->first.worker_id));
  auto out = cs.find_complaint(complaint_id);
  tx.commit();
  return *out;
}

Result<credit::Complaint> Service::decide_on_reply(const Principal& p, int64_t complaint_id, bool accept,
                                                   const security::AuditActor& actor) {
  auto conn = db_.acquire();
  credit::Service::escalate_overdue(*conn);
  db::Transaction tx(*conn, true);
  Store s(*conn);
  credit::Store cs(*conn);
  auto found = complaint_party(s, cs, p, complaint_id);
  if (!found) return found.error();
  if (!is_order_consumer(p, found->second)) return make_error("forbidden");
  const auto& c = found->first;
  if (c.stage != "enterprise") return make_error("complaint_not_with_enterprise");
  if (!c.replied_at) return make_error("complaint_no_reply_yet");
  if (!cs.move_complaint_stage(complaint_id, "enterprise", accept ? "settled" : "officer", accept ? "" : "household",
                               now_utc()))
    return make_error("complaint_not_with_enterprise");
  security::write_audit(*conn, actor, entry("complaint.household", "complaint", complaint_id,
                                            accept ? "reply accepted" : "taken to the prefecture", c.worker_id));
  auto out = cs.find_complaint(complaint_id);
  tx.commit();
  return *out;
}

// ── Reviews ──

Result<credit::Review> Service::review_order(const Principal& p, int64_t order_id, const credit::ReviewInput& in,
                                             const security::AuditActor& actor) {
  for (auto [v, field] : {std::pair{in.skill, "skill"}, std::pair{in.attitude, "attitude"},
                          std::pair{in.punctuality, "punctuality"}, std::pair{in.hygiene, "hygiene"}})
    if (v < 1 || v > 5) return make_error("invalid_field", field, "1–5");
  if (in.text.size() > 1500) return make_error("invalid_field", "text", "≤ 500 characters");
  return with_order<credit::Review>(p, order_id, [&](db::Connection& conn, Store& s, const Order& order)
                                                     -> Result<credit::Review> {
    if (!is_order_consumer(p, order)) return make_error("forbidden");
    if (order.status != "completed" || !order.worker_id) return make_error("review_needs_order", "order_id");
    if (s.order_reviewed(order_id)) return make_error("order_already_reviewed");
    const std::string at = now_utc();
    credit::Store cs(conn);
    int64_t review_id = cs.insert_review(*order.worker_id, p.user_id, in.skill, in.attitude, in.punctuality, in.hygiene,
                                         in.text, at, order_id);
    credit::NewEntry e;
    e.worker_id = *order.worker_id;
    e.kind = credit::EntryKind::review;
    e.source_type = credit::SourceType::consumer;
    e.source_id = p.user_id;
    e.source_name = "消费者";
    e.occurred_on = at.substr(0, 10);
    e.details = {{"skill", in.skill},
                 {"attitude", in.attitude},
                 {"punctuality", in.punctuality},
                 {"hygiene", in.hygiene},
                 {"review_id", review_id},
                 {"order_id", order_id}};
    e.evidence = fmt::format("服务订单 {}", order_id);
    auto entry_id = credit_.add_entry(conn, e, actor);
    if (!entry_id) return entry_id.error();
    cs.link_review(review_id, *entry_id);
    s.insert_order_review(order_id, review_id, at);
    credit::Review r;
    r.id = review_id;
    r.worker_id = *order.worker_id;
    r.skill = in.skill;
    r.attitude = in.attitude;
    r.punctuality = in.punctuality;
    r.hygiene = in.hygiene;
    r.text = in.text;
    r.entry_id = *entry_id;
    r.created_at = at;
    r.order_id = order_id;
    return r;
  });
}

}  // namespace jz::services
