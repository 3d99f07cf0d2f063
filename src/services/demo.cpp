#include "services/demo.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/service.hpp"
#include "reference/divisions.hpp"
#include "services/service.hpp"
#include "verify/signing_key.hpp"

namespace jz::services {
namespace {

using security::Principal;
using security::Role;

// A disabled account that stands for a party of the demo rows (nobody can log in with it).
int64_t demo_account(db::Connection& conn, const std::string& username, const std::string& role,
                     const std::string& display_name, std::optional<int64_t> enterprise_id,
                     std::optional<int64_t> worker_id) {
  auto rows = conn.query("SELECT id FROM users WHERE username = ?", {username});
  if (!rows.empty()) return rows[0].get_int(0);
  const std::string now = now_utc();
  return conn.insert(
      "INSERT INTO users (username, password_hash, role, display_name, enterprise_id, worker_id, disabled, created_at, "
      "password_changed_at) VALUES (?, '!', ?, ?, ?, ?, 1, ?, ?)",
      {username, role, display_name, enterprise_id ? db::Value(*enterprise_id) : db::Value(nullptr),
       worker_id ? db::Value(*worker_id) : db::Value(nullptr), now, now});
}

}  // namespace

DemoReport generate_demo_services(db::Database& db, const security::FieldCipher& cipher,
                                  const std::filesystem::path& key_dir, const std::string& public_url) {
  DemoReport report;
  reference::DivisionCatalog catalog;
  struct Ent {
    int64_t id;
    std::string pref, county;
    std::vector<int64_t> staff;
  };
  std::vector<Ent> ents;
  int64_t consumer_id = 0, first_enterprise = 0, enterprise_user = 0;
  {
    auto conn = db.acquire();
    if (conn->query("SELECT COUNT(*) FROM service_orders")[0].get_int(0) > 0) {
      report.skipped = true;
      return report;
    }
    catalog = reference::DivisionCatalog::load(*conn);
    if (auto r = conn->query("SELECT id FROM users WHERE username = 'consumer'"); !r.empty()) consumer_id = r[0].get_int(0);
    if (auto r = conn->query("SELECT id, enterprise_id FROM users WHERE username = 'enterprise'"); !r.empty()) {
      enterprise_user = r[0].get_int(0);
      first_enterprise = r[0].get_int(1);
    }
    std::map<std::string, int> per_pref;
    for (const auto& r : conn->query("SELECT id, prefecture_code, division_code FROM enterprises "
                                     "WHERE listing_status = 'approved' ORDER BY id")) {
      if (++per_pref[r.get_text(1)] > 4) continue;
      Ent e{r.get_int(0), r.get_text(1), r.get_text(2), {}};
      if (catalog.find(e.county) == nullptr || catalog.find(e.county)->level != 3) continue;
      for (const auto& w : conn->query("SELECT id FROM workers WHERE enterprise_id = ? ORDER BY id LIMIT 3", {e.id}))
        e.staff.push_back(w.get_int(0));
      if (!e.staff.empty()) ents.push_back(std::move(e));
    }
  }
  credit::Service credit(db, cipher, catalog);
  Service svc(db, catalog, credit, verify::SigningKey::load_or_create(key_dir), public_url);
  security::AuditActor actor{std::nullopt, "demo-data", "cli", "", ""};
  std::set<std::string> prefectures;
  int n = 0;
  for (const auto& e : ents) {
    Principal household;
    household.role = Role::consumer;
    Principal enterprise;
    enterprise.role = Role::enterprise;
    enterprise.enterprise_id = e.id;
    {
      auto conn = db.acquire();
      household.user_id = e.id == first_enterprise && consumer_id
                              ? consumer_id
                              : demo_account(*conn, fmt::format("demo-services-{:04}", ++n), "consumer",
                                             fmt::format("住户{:04}", n), std::nullopt, std::nullopt);
      enterprise.user_id = e.id == first_enterprise && enterprise_user
                               ? enterprise_user
                               : demo_account(*conn, fmt::format("demo-services-ent-{}", e.id), "enterprise",
                                              "企业账号", e.id, std::nullopt);
    }
    auto run = [&](size_t staff_index, const std::string& type, const std::string& mode, const std::string& model,
                   bool complete) {
      if (staff_index >= e.staff.size()) return;
      int64_t w = e.staff[staff_index];
      NewOrder in{e.id, type, mode, e.county, today_utc(), credit::add_days(today_utc(), 364), ""};
      auto o = svc.create_order(household, in, actor);
      if (!o) return;
      ++report.orders;
      prefectures.insert(e.pref);
      if (!svc.propose(enterprise, o->id, w, actor)) return;
      Principal worker;
      worker.role = Role::worker;
      worker.worker_id = w;
      {
        auto conn = db.acquire();
        worker.user_id = demo_account(*conn, fmt::format("demo-services-worker-{}", w), "worker", "服务人员",
                                      std::nullopt, w);
      }
      if (!svc.accept(worker, o->id, actor)) return;
      ContractFields f;
      f.monthly_wage = mode == "live_in" ? 4500 : 3200;
      f.management_fee = 300;
      f.rest_days = 4;
      f.trial_days = 15;
      f.trial_wage = f.monthly_wage;
      f.consumer_deposit = 500;
      f.service_content = std::string(service_type_label(type)) + "服务，具体事项以服务清单为准";
      f.period_from = in.starts_on;
      f.period_to = *in.ends_on;
      auto c = svc.create_contract(enterprise, o->id, model, f, actor);
      if (!c) return;
      ++report.contracts;
      for (const auto& party : required_parties(model)) {
        const Principal& who = party == "consumer" ? household : party == "worker" ? worker : enterprise;
        if (!svc.confirm(who, c->contract.id, c->contract.content_sha256, actor)) return;
      }
      if (!complete) return;
      for (const Principal* who : {&household, &enterprise}) (void)svc.start(*who, o->id, actor);
      for (const Principal* who : {&enterprise, &household}) (void)svc.complete(*who, o->id, actor);
      ++report.completed;
      credit::ReviewInput r{5, 5, 4, 5, "服务认真，老人满意"};
      if (svc.review_order(household, o->id, r, actor)) ++report.reviews;
    };
    run(0, "elderly_care", "day", "employee_based", true);
    run(1, "maternity_care", "live_in", "intermediary", false);
    NewOrder requested{e.id, "housekeeping", "hourly", e.county, credit::add_days(today_utc(), 3), std::nullopt, "每周两次"};
    if (svc.create_order(household, requested, actor)) ++report.orders;
  }
  report.prefectures = static_cast<int>(prefectures.size());
  return report;
}

}  // namespace jz::services
