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
                     std::optional<int64_t> worker_id, const std::string& division = "") {
  auto rows = conn.query("SELECT id FROM users WHERE username = ?", {username});
  if (!rows.empty()) return rows[0].get_int(0);
  const std::string now = now_utc();
  return conn.insert(
      "INSERT INTO users (username, password_hash, role, display_name, enterprise_id, worker_id, division_code, disabled, "
      "created_at, password_changed_at) VALUES (?, '!', ?, ?, ?, ?, NULLIF(?, ''), 1, ?, ?)",
      {username, role, display_name, enterprise_id ? db::Value(*enterprise_id) : db::Value(nullptr),
       worker_id ? db::Value(*worker_id) : db::Value(nullptr), division, now, now});
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
    size_t next = 0;  // round-robin over the staff
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
    for (const auto& r : conn->query("SELECT id, prefecture_code, division_code FROM enterprises "
                                     "WHERE listing_status = 'approved' ORDER BY id")) {
      Ent e{r.get_int(0), r.get_text(1), r.get_text(2), {}};
      if (catalog.find(e.county) == nullptr || catalog.find(e.county)->level != 3) continue;
      for (const auto& w : conn->query("SELECT id FROM workers WHERE enterprise_id = ? ORDER BY id LIMIT 6", {e.id}))
        e.staff.push_back(w.get_int(0));
      if (!e.staff.empty()) ents.push_back(std::move(e));
    }
  }
  if (ents.empty()) return report;
  credit::Service credit(db, cipher, catalog);
  Service svc(db, catalog, credit, cipher, verify::SigningKey::load_or_create(key_dir), public_url);
  security::AuditActor actor{std::nullopt, "demo-data", "cli", "", ""};
  std::set<std::string> prefectures;
  int n = 0;
  // Every 市州 gets orders: served by a listed enterprise of its own when it has one, otherwise by the listed
  // enterprises in turn (a 住家 or 日间 worker travels to the household), in one of its counties.
  size_t turn = 0;
  for (const auto* pref : catalog.children("62")) {
    if (pref->level != 2 || !pref->valid_to.empty()) continue;
    Ent* e = nullptr;
    for (auto& x : ents)
      if (x.pref == pref->code) e = &x;
    if (!e) e = &ents[turn++ % ents.size()];
    std::string county = e->pref == pref->code ? e->county : "";
    if (county.empty())
      for (const auto* c : catalog.children(pref->code))
        if (c->level == 3 && c->valid_to.empty()) {
          county = c->code;
          break;
        }
    if (county.empty()) continue;
    const int index = static_cast<int>(prefectures.size());
    Principal household;
    household.role = Role::consumer;
    Principal enterprise;
    enterprise.role = Role::enterprise;
    enterprise.enterprise_id = e->id;
    Principal officer;
    officer.role = Role::city_officer;
    officer.division_code = pref->code;
    {
      auto conn = db.acquire();
      // The demo `consumer` login is the household of the first 市州's orders (兰州市: the orders page shows them).
      household.user_id = index == 0 && consumer_id
                              ? consumer_id
                              : demo_account(*conn, fmt::format("demo-services-{:04}", ++n), "consumer",
                                             fmt::format("住户{:04}", n), std::nullopt, std::nullopt);
      enterprise.user_id = e->id == first_enterprise && enterprise_user
                               ? enterprise_user
                               : demo_account(*conn, fmt::format("demo-services-ent-{}", e->id), "enterprise",
                                              "企业账号", e->id, std::nullopt);
      officer.user_id = demo_account(*conn, fmt::format("demo-services-officer-{}", pref->code), "city_officer",
                                     pref->name + "商务局", std::nullopt, std::nullopt, pref->code);
    }
    auto run = [&](const std::string& type, const std::string& mode, const std::string& model,
                   bool complete) -> std::optional<int64_t> {
      int64_t w = e->staff[e->next++ % e->staff.size()];
      NewOrder in{e->id, type, mode, county, today_utc(), credit::add_days(today_utc(), 364), ""};
      auto o = svc.create_order(household, in, actor);
      if (!o) return std::nullopt;
      ++report.orders;
      prefectures.insert(pref->code);
      if (!svc.propose(enterprise, o->id, w, actor)) return std::nullopt;
      Principal worker;
      worker.role = Role::worker;
      worker.worker_id = w;
      {
        auto conn = db.acquire();
        worker.user_id = demo_account(*conn, fmt::format("demo-services-worker-{}", w), "worker", "服务人员",
                                      std::nullopt, w);
      }
      if (!svc.accept(worker, o->id, actor)) return std::nullopt;
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
      if (!c) return std::nullopt;
      ++report.contracts;
      for (const auto& party : required_parties(model)) {
        const Principal& who = party == "consumer" ? household : party == "worker" ? worker : enterprise;
        if (!svc.confirm(who, c->contract.id, c->contract.content_sha256, actor)) return std::nullopt;
      }
      if (!complete) return o->id;
      for (const Principal* who : {&household, &enterprise}) (void)svc.start(*who, o->id, actor);
      for (const Principal* who : {&enterprise, &household}) (void)svc.complete(*who, o->id, actor);
      ++report.completed;
      credit::ReviewInput r{5, 5, 4, 5, "服务认真，老人满意"};
      if (index % 4 == 3) r = credit::ReviewInput{3, 4, 2, 4, "来得晚，做事还算认真"};
      if (svc.review_order(household, o->id, r, actor)) ++report.reviews;
      return o->id;
    };
    auto done = run("elderly_care", "day", "employee_based", true);
    if (index < 4) (void)run("maternity_care", "live_in", "intermediary", false);
    NewOrder requested{e->id, "housekeeping", "hourly", county, credit::add_days(today_utc(), 3), std::nullopt, "每周两次"};
    if (svc.create_order(household, requested, actor)) ++report.orders;

    // A complaint about the completed order, at a different point of its way in each 市州: settled with the
    // enterprise's reply; taken to the officer and upheld (it enters the file); still with the enterprise.
    if (!done) continue;
    auto c = svc.file_complaint(household, *done, "约定八点上门，连续三次迟到半小时以上", actor);
    if (!c) continue;
    ++report.complaints;
    if (index % 3 == 2) continue;
    if (!svc.reply_complaint(enterprise, c->id, "已与服务人员核实并批评教育，调整了排班，本月服务费减免一天", actor)) continue;
    if (index % 3 == 0) {
      (void)svc.decide_on_reply(household, c->id, true, actor);
      continue;
    }
    if (!svc.decide_on_reply(household, c->id, false, actor)) continue;
    if (credit.transition_complaint(officer, c->id, "investigating", "", actor) &&
        credit.transition_complaint(officer, c->id, "upheld", "经调取上门记录核实，迟到属实，记入信用档案", actor))
      ++report.upheld;
  }
  report.prefectures = static_cast<int>(prefectures.size());
  return report;
}

}  // namespace jz::services
