// Household services over real HTTP, on the backend named by JZ_TEST_BACKEND: a household books, the
// enterprise proposes one of its workers, she accepts, the contract (PDF read back with pdftotext) is
// confirmed by both parties, the service starts and completes (an independent employment entry), the
// household reviews the order once. And the refusals, each changing nothing: a wage below the minimum, a
// worker already in a live-in service, a review without a completed order, a change after confirmation, a
// stale digest, other people's orders.
//
// The shared server holds other modules' test data: this file uses an approved enterprise of its own choice
// (the one with most staff), logs in as new accounts linked to it and to its workers, and compares counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <set>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "api_requests.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "security/masking.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kServicesAccess({
    {"GET /api/v1/services/enterprises", "public"},
    {"POST /api/v1/services/orders", "consumer"},
    {"GET /api/v1/services/orders", "consumer,enterprise,worker,city_officer,province_admin,department"},
    {"GET /api/v1/services/orders/{id}", "consumer,enterprise,worker,city_officer,province_admin,department"},
    {"POST /api/v1/services/orders/{id}/propose", "enterprise"},
    {"POST /api/v1/services/orders/{id}/replace", "enterprise"},
    {"POST /api/v1/services/orders/{id}/accept", "worker"},
    {"POST /api/v1/services/orders/{id}/decline", "worker"},
    {"POST /api/v1/services/orders/{id}/start", "consumer,enterprise"},
    {"POST /api/v1/services/orders/{id}/complete", "consumer,enterprise"},
    {"POST /api/v1/services/orders/{id}/cancel", "consumer,enterprise"},
    {"POST /api/v1/services/orders/{id}/review", "consumer"},
    {"GET /api/v1/services/contract-templates", "any"},
    {"PUT /api/v1/services/contract-templates/{code}", "province_admin"},
    {"POST /api/v1/services/orders/{id}/contracts", "enterprise"},
    {"GET /api/v1/services/orders/{id}/contracts", "consumer,enterprise,worker,city_officer,province_admin,department"},
    {"GET /api/v1/services/contracts/{id}", "consumer,enterprise,worker,city_officer,province_admin,department"},
    {"PUT /api/v1/services/contracts/{id}", "enterprise"},
    {"POST /api/v1/services/contracts/{id}/confirm", "consumer,enterprise,worker"},
    {"GET /api/v1/services/contracts/{id}/pdf", "consumer,enterprise,worker,city_officer,province_admin,department"},
    {"GET /v/c/{token}", "public"},
    {"POST /api/v1/services/orders/{id}/complaints", "consumer"},
    {"GET /api/v1/services/orders/{id}/complaints", "consumer,enterprise,worker,city_officer,province_admin,department"},
    {"POST /api/v1/services/complaints/{id}/reply", "enterprise"},
    {"POST /api/v1/services/complaints/{id}/decision", "consumer"},
    {"GET /api/v1/services/workers/{id}/card.pdf", "enterprise"},
});

class ServicesApi : public ApiFixture<ServicesApi> {
 protected:
  static HttpResult send(const std::string& method, const std::string& target, const std::string& tok,
                         const json::value& body = json::object{}) {
    return client().send(json_request(method, target, tok, body));
  }
  static HttpResult post(const std::string& target, const std::string& tok, const json::value& body = json::object{}) {
    return send("POST", target, tok, body);
  }
  static HttpResult get(const std::string& target, const std::string& tok) { return send("GET", target, tok); }

  // A new login of `role`, its `link_column` set to `link` (the user API does not link accounts).
  static std::string account(const std::string& role, const std::string& link_column = "", const db::Value& link = {}) {
    static int n = 0;
    std::string name = "services-" + role + "-" + std::to_string(::getpid() % 100000) + "-" + std::to_string(++n);
    json::object body{{"username", name}, {"password", "Secret2024x"}, {"role", role}, {"display_name", "王女士"}};
    // An official's division is part of the account (the API refuses a city officer without one).
    if (link_column == "division_code") body["division_code"] = std::get<std::string>(link);
    return create_linked_account(server(), database(), token("admin"), body, link_column, link);
  }

  // The approved enterprise with most staff, and a login for it.
  static int64_t enterprise_id() {
    static int64_t id = scalar(
        "SELECT e.id FROM enterprises e JOIN workers w ON w.enterprise_id = e.id WHERE e.listing_status = 'approved' "
        "GROUP BY e.id ORDER BY COUNT(w.id) DESC, e.id LIMIT 1");
    return id;
  }
  static const std::string& enterprise() {
    static std::string tok = account("enterprise", "enterprise_id", enterprise_id());
    return tok;
  }
  static const std::string& household() {
    static std::string tok = account("consumer");
    return tok;
  }
  // A worker of the enterprise no other test here took (not the demo worker account's). The demo data gives every
  // enterprise only a few staff and books some of them, so when the enterprise has none left a worker without
  // orders or a login (preferably one without an employer) joins its staff.
  static int64_t take_worker() {
    static std::set<int64_t> taken;
    const int64_t ent = enterprise_id();  // before taking the fixture's one connection (it takes it too)
    auto conn = database().acquire();
    const std::string free =
        "id NOT IN (SELECT worker_id FROM service_orders WHERE worker_id IS NOT NULL) "
        "AND id NOT IN (SELECT worker_id FROM users WHERE worker_id IS NOT NULL)";
    for (const std::string& sql :
         {"SELECT id FROM workers WHERE enterprise_id = ? AND " + free + " ORDER BY id",
          "SELECT id FROM workers WHERE (enterprise_id IS NULL OR enterprise_id <> ?) AND " + free +
              " ORDER BY CASE WHEN enterprise_id IS NULL THEN 0 ELSE 1 END, id DESC"}) {
      for (const auto& r : conn->query(sql, {ent})) {
        int64_t id = r.get_int(0);
        if (taken.count(id)) continue;
        taken.insert(id);
        conn->exec("UPDATE workers SET enterprise_id = ? WHERE id = ?", {ent, id});
        return id;
      }
    }
    ADD_FAILURE() << "no worker left for enterprise " << ent;
    return 0;
  }
  static int64_t outsider_of(int64_t enterprise) {
    return scalar("SELECT MIN(id) FROM workers WHERE enterprise_id = ?", {enterprise});
  }
  static std::string county() {
    static std::string c = [] {
      const int64_t ent = enterprise_id();  // before taking the fixture's one connection (it takes it too)
      auto conn = database().acquire();
      return conn->query("SELECT division_code FROM enterprises WHERE id = ?", {ent})[0].get_text(0);
    }();
    return c;
  }
  static std::string day(int offset) { return credit::add_days(today_utc(), offset); }

  static int64_t book(const std::string& mode, int from, int to, const std::string& type = "elderly_care",
                      const std::string& who = "") {
    json::object b{{"enterprise_id", enterprise_id()}, {"service_type", type},  {"mode", mode},
                   {"county_code", county()},          {"starts_on", day(from)}, {"ends_on", day(to)}};
    auto r = post("/api/v1/services/orders", who.empty() ? household() : who, b);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  static std::string order_url(int64_t id, const std::string& action = "") {
    return "/api/v1/services/orders/" + std::to_string(id) + (action.empty() ? "" : "/" + action);
  }
  // Books, proposes worker `w` and accepts as her: an accepted order.
  static int64_t accepted_order(int64_t w, const std::string& worker_tok, const std::string& mode, int from, int to) {
    int64_t id = book(mode, from, to);
    auto p = post(order_url(id, "propose"), enterprise(), json::object{{"worker_id", w}});
    EXPECT_EQ(p.status, 200) << p.body;
    auto a = post(order_url(id, "accept"), worker_tok);
    EXPECT_EQ(a.status, 200) << a.body;
    return id;
  }
  // A day service booked by `who` for worker `w`, carried through contract, start and completion; the order.
  static int64_t completed_order(const std::string& who, int64_t w, const std::string& worker_tok, int from, int to) {
    int64_t id = contracted_order(who, w, worker_tok, from, to);
    for (const char* step : {"start", "complete"}) {
      EXPECT_EQ(post(order_url(id, step), who).status, 200);
      EXPECT_EQ(post(order_url(id, step), enterprise()).status, 200);
    }
    EXPECT_EQ(status_of(id), "completed");
    return id;
  }
  // The same order only as far as both confirming the contract: contracted, the service not started.
  static int64_t contracted_order(const std::string& who, int64_t w, const std::string& worker_tok, int from, int to) {
    int64_t id = book("day", from, to, "housekeeping", who);
    EXPECT_EQ(post(order_url(id, "propose"), enterprise(), json::object{{"worker_id", w}}).status, 200);
    EXPECT_EQ(post(order_url(id, "accept"), worker_tok).status, 200);
    auto c = post(order_url(id, "contracts"), enterprise(),
                  json::object{{"template", "employee_based"}, {"fields", fields(3000, from, to)}});
    EXPECT_EQ(c.status, 201) << c.body;
    if (c.status != 201) return id;
    const auto cj = c.json();
    std::string confirm = "/api/v1/services/contracts/" + std::to_string(cj.at("id").as_int64()) + "/confirm";
    json::object digest{{"digest", cj.at("content_sha256")}};
    EXPECT_EQ(post(confirm, who, digest).status, 200);
    EXPECT_EQ(post(confirm, enterprise(), digest).status, 200);
    EXPECT_EQ(status_of(id), "contracted");
    return id;
  }
  // A household that signed up by SMS with `phone` (the test server's SMS gateway is its log).
  static std::string sms_household(const std::string& phone) {
    auto sent = client().post_json("/api/v1/auth/signup/code", json::serialize(json::object{{"phone", phone}}));
    EXPECT_EQ(sent.status, 202) << sent.body;
    std::string log = server().read_log(), mask, code;
    for (char c : security::mask_phone(phone)) mask += c == '*' ? std::string("\\*") : std::string(1, c);
    std::regex re("SMS to " + mask + R"(: [^\n]*?(\d{6}))");
    for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it) code = (*it)[1];
    auto r = client().post_json("/api/v1/auth/signup",
                                json::serialize(json::object{{"phone", phone}, {"code", code}, {"password", "Haus2024ok"}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return server().login(phone, "Haus2024ok");
  }
  static std::string fresh_phone() {
    static std::mt19937 rng(static_cast<unsigned>(::getpid()) * 7919u);
    return "137" + std::to_string(10000000 + rng() % 89999999);
  }
  static json::object fields(int64_t wage, int from, int to) {
    return json::object{{"monthly_wage", wage},     {"management_fee", 300}, {"rest_days", 4},
                        {"trial_days", 15},         {"trial_wage", wage},    {"consumer_deposit", 500},
                        {"worker_deposit", 0},      {"payment_day", 5},      {"payment_method", "银行转账"},
                        {"service_content", "照护一位八十岁老人的起居饮食"}, {"period_from", day(from)},
                        {"period_to", day(to)}};
  }
  static std::string status_of(int64_t order) {
    auto conn = database().acquire();
    return conn->query("SELECT status FROM service_orders WHERE id = ?", {order})[0].get_text(0);
  }
  static std::string pdf_text(const std::string& pdf) {
    auto path = server().dir() / ("contract-" + std::to_string(::getpid()) + ".pdf");
    std::ofstream(path, std::ios::binary) << pdf;
    std::string cmd = "pdftotext -enc UTF-8 " + path.string() + " - 2>&1";
    std::string out;
    if (FILE* f = popen(cmd.c_str(), "r")) {
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
      pclose(f);
    }
    return out;
  }
};

TEST_F(ServicesApi, HouseholdBooksToReviewWithContractPdfAndEmploymentEntry) {
  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  int64_t id = book("live_in", 2, 400);
  // Only the enterprise sees it besides the household; it proposes one of its staff.
  EXPECT_EQ(get(order_url(id), household()).json().at("status").as_string(), "requested");
  auto p = post(order_url(id, "propose"), enterprise(), json::object{{"worker_id", w}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json().at("status").as_string(), "proposed");
  // The household cannot accept in the worker's place; the worker can.
  EXPECT_EQ(post(order_url(id, "accept"), household()).status, 403);
  auto a = post(order_url(id, "accept"), worker_tok);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json().at("status").as_string(), "accepted");

  auto c = post(order_url(id, "contracts"), enterprise(),
                json::object{{"template", "employee_based"}, {"fields", fields(3200, 2, 400)}});
  ASSERT_EQ(c.status, 201) << c.body;
  int64_t cid = c.json().at("id").as_int64();
  std::string digest(c.json().at("content_sha256").as_string());
  EXPECT_EQ(digest.size(), 64u);

  auto pdf = get("/api/v1/services/contracts/" + std::to_string(cid) + "/pdf", household());
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  std::string text = pdf_text(pdf.body);
  EXPECT_NE(text.find("家政服务合同（员工制）"), std::string::npos) << text;
  EXPECT_NE(text.find("3200"), std::string::npos);
  EXPECT_NE(text.find(digest), std::string::npos) << "the footer prints the SHA-256";
  std::string compact = text;  // pdftotext drops or keeps the spaces around the page number
  compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
  EXPECT_NE(compact.find("第1页共"), std::string::npos) << text;
  EXPECT_NE(text.find("王女士"), std::string::npos);

  // The QR link shows the status to whoever holds it.
  std::string url(c.json().at("verify_url").as_string());
  std::string path = url.substr(url.find("/v/c/"));
  auto page = get(path, "");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("等待各方确认"), std::string::npos);
  std::string forged = path.substr(0, path.size() - 3) + (path.substr(path.size() - 3) == "AAA" ? "BBB" : "AAA");
  EXPECT_EQ(get(forged, "").status, 404);

  // Cannot start before the contract is in force.
  EXPECT_EQ(post(order_url(id, "start"), enterprise()).error_code(), "order_wrong_status");
  std::string confirm = "/api/v1/services/contracts/" + std::to_string(cid) + "/confirm";
  ASSERT_EQ(post(confirm, household(), json::object{{"digest", digest}}).status, 200);
  EXPECT_EQ(post(confirm, household(), json::object{{"digest", digest}}).error_code(), "contract_already_confirmed");
  // 员工制 binds the household and the enterprise; the worker is not a party.
  EXPECT_EQ(post(confirm, worker_tok, json::object{{"digest", digest}}).status, 403);
  auto done = post(confirm, enterprise(), json::object{{"digest", digest}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status").as_string(), "confirmed");
  EXPECT_EQ(status_of(id), "contracted");
  EXPECT_NE(get(path, "").body.find("各方均已确认"), std::string::npos);
  // The order's list of versions shows the confirmations too (the order page decides from it who still confirms).
  const auto versions = get(order_url(id, "contracts"), household()).json();
  EXPECT_EQ(versions.at("items").as_array().back().at("confirmations").as_array().size(), 2u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'service_contract.confirm' AND object_id = ?",
                   {std::to_string(cid)}),
            2);

  // Start and completion each need both sides.
  EXPECT_EQ(post(order_url(id, "start"), household()).json().at("status").as_string(), "contracted");
  EXPECT_EQ(post(order_url(id, "start"), enterprise()).json().at("status").as_string(), "in_service");
  int64_t entries_before = scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = ? AND kind = 'employment'", {w});
  EXPECT_EQ(post(order_url(id, "complete"), enterprise()).json().at("status").as_string(), "in_service");
  auto fin = post(order_url(id, "complete"), household());
  ASSERT_EQ(fin.status, 200) << fin.body;
  EXPECT_EQ(fin.json().at("status").as_string(), "completed");
  int64_t entry = fin.json().at("employment_entry_id").as_int64();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = ? AND kind = 'employment'", {w}),
            entries_before + 1);
  EXPECT_EQ(scalar("SELECT independent FROM credit_entries WHERE id = ?", {entry}), 1);
  EXPECT_EQ(scalar("SELECT employer_enterprise_id FROM employments WHERE entry_id = ?", {entry}), enterprise_id());

  // One review of the completed order; it enters the credit file.
  json::object review{{"skill", 5}, {"attitude", 5}, {"punctuality", 4}, {"hygiene", 5}, {"text", "细心周到"}};
  EXPECT_EQ(post(order_url(id, "review"), worker_tok, review).status, 403);
  auto rv = post(order_url(id, "review"), household(), review);
  ASSERT_EQ(rv.status, 201) << rv.body;
  EXPECT_EQ(scalar("SELECT worker_id FROM credit_entries WHERE id = ?", {rv.json().at("entry_id").as_int64()}), w);
  EXPECT_EQ(post(order_url(id, "review"), household(), review).error_code(), "order_already_reviewed");
  EXPECT_TRUE(get(order_url(id), household()).json().at("reviewed").as_bool());
}

TEST_F(ServicesApi, WageBelowMinimumIsRefusedForEmployeeBasedAndWarnedForIntermediary) {
  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  int64_t id = accepted_order(w, worker_tok, "day", 3, 200);
  int64_t before = scalar("SELECT COUNT(*) FROM service_contracts WHERE order_id = ?", {id});
  auto r = post(order_url(id, "contracts"), enterprise(),
                json::object{{"template", "employee_based"}, {"fields", fields(1500, 3, 200)}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_code(), "wage_below_minimum");
  EXPECT_EQ(r.error_field(), "monthly_wage");
  EXPECT_NE(r.json().at("error").at("message").as_string().find("最低工资"), std::string::npos);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM service_contracts WHERE order_id = ?", {id}), before);
  // The other labour rules, each refused with its field and nothing written.
  auto deposit = fields(3000, 3, 200);
  deposit["worker_deposit"] = 200;
  EXPECT_EQ(post(order_url(id, "contracts"), enterprise(), json::object{{"template", "employee_based"}, {"fields", deposit}})
                .error_code(),
            "worker_deposit_forbidden");
  auto trial = fields(3000, 3, 200);
  trial["trial_days"] = 60;  // a term under a year allows at most a month
  auto tr = post(order_url(id, "contracts"), enterprise(), json::object{{"template", "employee_based"}, {"fields", trial}});
  EXPECT_EQ(tr.error_code(), "trial_too_long");
  EXPECT_EQ(tr.error_field(), "trial_days");
  auto pay = fields(3000, 3, 200);
  pay["trial_wage"] = 2000;  // < 80 % of 3000
  EXPECT_EQ(post(order_url(id, "contracts"), enterprise(), json::object{{"template", "employee_based"}, {"fields", pay}})
                .error_code(),
            "trial_pay_too_low");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM service_contracts WHERE order_id = ?", {id}), before);
  // 中介制: the household employs directly; the same wage is only a warning.
  auto ok = post(order_url(id, "contracts"), enterprise(),
                 json::object{{"template", "intermediary"}, {"fields", fields(1500, 3, 200)}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  const auto ok_body = ok.json();  // kept alive: the array below refers into it
  const auto& warnings = ok_body.at("warnings").as_array();
  ASSERT_EQ(warnings.size(), 2u);  // the wage, and the trial pay under the minimum
  EXPECT_EQ(warnings[0].at("code").as_string(), "wage_below_minimum");
  EXPECT_EQ(warnings[0].at("field").as_string(), "monthly_wage");
  EXPECT_EQ(warnings[1].at("code").as_string(), "trial_pay_too_low");
  // 中介制 needs all three parties.
  EXPECT_EQ(ok.json().at("required_parties").as_array().size(), 3u);
}

// The minimum wage is the tier of the service address's county on the contract's first day
// (data/min_wage/county_tiers.csv). The tier lists of 甘政办发〔2023〕83号 hold until 2025-11-30; for today's
// three-tier standard no county list is loaded, so a county without a row gets the highest standard (2200),
// and a county with a row (inserted here, as the province would load the new list) gets its tier's.
TEST_F(ServicesApi, TheMinimumWageIsThatOfTheServiceCountysTier) {
  // The 2023 notice's lists are loaded: 87 counties in four tiers, 城关区 in the first, 岷县 in the fourth.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM min_wage_county_tiers WHERE valid_from = '2023-11-01'"), 87);
  EXPECT_EQ(scalar("SELECT tier FROM min_wage_county_tiers WHERE county_code = '620102' AND valid_from = '2023-11-01'"), 1);
  EXPECT_EQ(scalar("SELECT tier FROM min_wage_county_tiers WHERE county_code = '621126' AND valid_from = '2023-11-01'"), 4);
  EXPECT_EQ(scalar("SELECT monthly FROM min_wage_standards WHERE tier = 4 AND valid_from = '2023-11-01'"), 1850);

  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  // 西和县 (621225), served from the enterprise's 市州 or not: the order's county is what counts.
  const std::string xihe = "621225";
  json::object b{{"enterprise_id", enterprise_id()}, {"service_type", "elderly_care"}, {"mode", "day"},
                 {"county_code", xihe}, {"starts_on", day(3)}, {"ends_on", day(200)}};
  auto booked = post("/api/v1/services/orders", household(), b);
  ASSERT_EQ(booked.status, 201) << booked.body;
  const int64_t id = booked.json().at("id").as_int64();
  ASSERT_EQ(post(order_url(id, "propose"), enterprise(), json::object{{"worker_id", w}}).status, 200);
  ASSERT_EQ(post(order_url(id, "accept"), worker_tok).status, 200);
  auto contract = [&](int64_t wage) {
    auto f = fields(wage, 3, 200);
    f["trial_days"] = 0;
    return post(order_url(id, "contracts"), enterprise(), json::object{{"template", "employee_based"}, {"fields", f}});
  };
  // No tier list for today's standard: the highest (2200) applies. 2100 is refused and nothing is written.
  auto refused = contract(2100);
  EXPECT_EQ(refused.error_code(), "wage_below_minimum") << refused.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM service_contracts WHERE order_id = ?", {id}), 0);
  EXPECT_EQ(status_of(id), "accepted");
  // 西和县 in the third tier of the current standard (2080): 2100 is enough there, 2079 is not.
  {
    auto conn = database().acquire();
    conn->exec("INSERT INTO min_wage_county_tiers (county_code, valid_from, valid_to, tier, source, verified) "
               "VALUES (?, '2025-12-01', NULL, 3, 'test', 0)",
               {xihe});
  }
  EXPECT_EQ(contract(2079).error_code(), "wage_below_minimum");
  auto ok = contract(2100);
  EXPECT_EQ(ok.status, 201) << ok.body;
  {
    auto conn = database().acquire();
    conn->exec("DELETE FROM min_wage_county_tiers WHERE county_code = ? AND valid_from = '2025-12-01'", {xihe});
  }
}

// A worker already in service (a 住家 order both parties said has started) cannot be proposed for another order
// over the same days: the clear error, and the other order, her assignments and the first order stay as they were.
TEST_F(ServicesApi, AWorkerAlreadyInServiceCannotBeProposedAndNothingChanges) {
  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  int64_t first = book("live_in", 0, 300);
  ASSERT_EQ(post(order_url(first, "propose"), enterprise(), json::object{{"worker_id", w}}).status, 200);
  ASSERT_EQ(post(order_url(first, "accept"), worker_tok).status, 200);
  auto c = post(order_url(first, "contracts"), enterprise(),
                json::object{{"template", "employee_based"}, {"fields", fields(3000, 0, 300)}});
  ASSERT_EQ(c.status, 201) << c.body;
  const auto cj = c.json();
  const std::string confirm = "/api/v1/services/contracts/" + std::to_string(cj.at("id").as_int64()) + "/confirm";
  for (const auto& who : {household(), enterprise()})
    ASSERT_EQ(post(confirm, who, json::object{{"digest", cj.at("content_sha256")}}).status, 200);
  for (const auto& who : {household(), enterprise()}) ASSERT_EQ(post(order_url(first, "start"), who).status, 200);
  ASSERT_EQ(status_of(first), "in_service");

  const int64_t assignments = scalar("SELECT COUNT(*) FROM service_order_assignments WHERE worker_id = ?", {w});
  for (const char* mode : {"day", "live_in", "hourly"}) {
    int64_t second = book(mode, 10, 40);
    auto r = post(order_url(second, "propose"), enterprise(), json::object{{"worker_id", w}});
    EXPECT_EQ(r.status, 409) << mode << " " << r.body;
    EXPECT_EQ(r.error_code(), "worker_busy") << mode;
    EXPECT_EQ(r.error_field(), "worker_id");
    EXPECT_EQ(status_of(second), "requested") << mode;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM service_order_assignments WHERE worker_id = ?", {w}), assignments);
  EXPECT_EQ(status_of(first), "in_service");
}

TEST_F(ServicesApi, LiveInRestDaysAtLeastFour) {
  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  int64_t id = accepted_order(w, worker_tok, "live_in", 1000, 1100);
  auto f = fields(3000, 1000, 1100);
  f["rest_days"] = 2;
  auto r = post(order_url(id, "contracts"), enterprise(), json::object{{"template", "intermediary"}, {"fields", f}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_code(), "rest_days_too_few");
  EXPECT_EQ(r.error_field(), "rest_days");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM service_contracts WHERE order_id = ?", {id}), 0);
  // Cancelled with its reason and by whom; the worker is free again.
  auto c = post(order_url(id, "cancel"), household(), json::object{{"reason", "家里老人住院"}});
  ASSERT_EQ(c.status, 200);
  EXPECT_EQ(c.json().at("cancelled_by_role").as_string(), "consumer");
  EXPECT_EQ(post(order_url(id, "cancel"), household(), json::object{{"reason", "x"}}).error_code(), "order_wrong_status");
}

TEST_F(ServicesApi, WorkerInALiveInServiceCannotBeProposedForAnOverlappingOne) {
  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  int64_t first = accepted_order(w, worker_tok, "live_in", 500, 700);
  int64_t second = book("day", 650, 800);
  auto r = post(order_url(second, "propose"), enterprise(), json::object{{"worker_id", w}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_code(), "worker_busy");
  EXPECT_EQ(r.error_field(), "worker_id");
  EXPECT_EQ(status_of(second), "requested");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM service_order_assignments WHERE order_id = ?", {second}), 0);
  // After the live-in period she is free.
  int64_t later = book("day", 701, 800);
  EXPECT_EQ(post(order_url(later, "propose"), enterprise(), json::object{{"worker_id", w}}).status, 200);
  // 换人 on the first order keeps the chain: who replaced whom and why.
  int64_t w2 = take_worker();
  auto rep = post(order_url(first, "replace"), enterprise(), json::object{{"worker_id", w2}, {"reason", "家属要求更换"}});
  ASSERT_EQ(rep.status, 200) << rep.body;
  const auto rep_body = rep.json();
  const auto& chain = rep_body.at("assignments").as_array();
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].at("status").as_string(), "replaced");
  EXPECT_EQ(chain[1].at("replaces_id").as_int64(), chain[0].at("id").as_int64());
  EXPECT_EQ(chain[1].at("reason").as_string(), "家属要求更换");
  EXPECT_EQ(rep.json().at("status").as_string(), "proposed");
  // The first worker no longer answers for that order.
  EXPECT_EQ(post(order_url(first, "accept"), worker_tok).status, 403);
}

TEST_F(ServicesApi, ChangeAfterConfirmationIsRefusedAndANewVersionNeedsConfirmingAgain) {
  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  int64_t id = accepted_order(w, worker_tok, "day", 5, 300);
  auto c = post(order_url(id, "contracts"), enterprise(),
                json::object{{"template", "employee_based"}, {"fields", fields(3000, 5, 300)}});
  ASSERT_EQ(c.status, 201) << c.body;
  int64_t cid = c.json().at("id").as_int64();
  std::string digest(c.json().at("content_sha256").as_string());
  std::string curl = "/api/v1/services/contracts/" + std::to_string(cid);
  // A draft nobody confirmed can still be changed; the digest moves with it.
  auto changed = send("PUT", curl, enterprise(), json::object{{"fields", fields(3100, 5, 300)}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  std::string digest2(changed.json().at("content_sha256").as_string());
  EXPECT_NE(digest2, digest);
  // Confirming what one saw before the change is refused.
  EXPECT_EQ(post(curl + "/confirm", household(), json::object{{"digest", digest}}).error_code(),
            "contract_digest_mismatch");
  ASSERT_EQ(post(curl + "/confirm", household(), json::object{{"digest", digest2}}).status, 200);
  auto refused = send("PUT", curl, enterprise(), json::object{{"fields", fields(2800, 5, 300)}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.error_code(), "contract_confirmed");
  EXPECT_EQ(get(curl, household()).json().at("content_sha256").as_string(), digest2);
  EXPECT_EQ(get(curl, household()).json().at("fields").at("monthly_wage").as_int64(), 3100);
  EXPECT_EQ(get(curl, household()).json().at("confirmations").as_array().size(), 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM service_contracts WHERE order_id = ?", {id}), 1);
  // A new version; the old one can no longer be confirmed, the new one needs both parties again.
  auto v2 = post(order_url(id, "contracts"), enterprise(),
                 json::object{{"template", "employee_based"}, {"fields", fields(3300, 5, 300)}});
  ASSERT_EQ(v2.status, 201);
  EXPECT_EQ(v2.json().at("version").as_int64(), 2);
  EXPECT_TRUE(v2.json().at("confirmations").as_array().empty());
  EXPECT_EQ(post(curl + "/confirm", enterprise(), json::object{{"digest", digest2}}).error_code(), "contract_not_current");
  EXPECT_EQ(status_of(id), "accepted");
}

TEST_F(ServicesApi, OrdersAreSeenOnlyInScope) {
  int64_t id = book("hourly", 10, 20, "housekeeping");
  auto mine = get("/api/v1/services/orders", household());
  ASSERT_EQ(mine.status, 200);
  bool found = false;
  const auto mine_body = mine.json();  // kept alive for the loop
  for (const auto& o : mine_body.at("items").as_array()) found = found || o.at("id").as_int64() == id;
  EXPECT_TRUE(found);
  std::string stranger = account("consumer");
  EXPECT_EQ(get(order_url(id), stranger).status, 403);
  EXPECT_EQ(get("/api/v1/services/orders", stranger).json().at("total").as_int64(), 0);
  int64_t other = scalar("SELECT MIN(id) FROM enterprises WHERE id <> ?", {enterprise_id()});
  std::string other_ent = account("enterprise", "enterprise_id", other);
  EXPECT_EQ(get(order_url(id), other_ent).status, 403);
  EXPECT_EQ(post(order_url(id, "propose"), other_ent, json::object{{"worker_id", std::max<int64_t>(1, outsider_of(other))}}).status, 403);
  EXPECT_EQ(get(order_url(id), "").status, 401);
  // Officials by 市州.
  std::string pref = county().substr(0, 4);
  std::string in = account("city_officer", "division_code", pref);
  std::string out = account("city_officer", "division_code", std::string(pref == "6201" ? "6202" : "6201"));
  EXPECT_EQ(get(order_url(id), in).status, 200);
  EXPECT_EQ(get(order_url(id), out).status, 403);
  EXPECT_EQ(get(order_url(id), token("admin")).status, 200);
  // Someone else's worker cannot be proposed; a booking with an unlisted enterprise is refused.
  int64_t outsider = scalar("SELECT MIN(id) FROM workers WHERE enterprise_id IS NULL OR enterprise_id <> ?", {enterprise_id()});
  EXPECT_EQ(post(order_url(id, "propose"), enterprise(), json::object{{"worker_id", outsider}}).error_code(),
            "worker_not_staff");
  int64_t unlisted = scalar("SELECT MIN(id) FROM enterprises WHERE listing_status <> 'approved'");
  if (unlisted) {
    json::object b{{"enterprise_id", unlisted}, {"service_type", "housekeeping"}, {"mode", "hourly"},
                   {"county_code", county()}, {"starts_on", day(1)}};
    EXPECT_EQ(post("/api/v1/services/orders", household(), b).error_code(), "enterprise_not_listed");
  }
}

TEST_F(ServicesApi, ReviewWithoutACompletedOrderIsRefused) {
  int64_t id = book("hourly", 30, 40, "home_cooking");
  int64_t before = scalar("SELECT COUNT(*) FROM reviews");
  const int64_t entries = scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'review'");
  json::object review{{"skill", 1}, {"attitude", 1}, {"punctuality", 1}, {"hygiene", 1}};
  auto r = post(order_url(id, "review"), household(), review);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_code(), "review_needs_order");
  EXPECT_EQ(post(order_url(99999999, "review"), household(), review).status, 404);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM reviews"), before);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM credit_entries WHERE kind = 'review'"), entries);
  EXPECT_FALSE(get(order_url(id), household()).json().at("reviewed").as_bool());
}

TEST_F(ServicesApi, TemplatesAreVersionedDataEditableByTheProvinceAdmin) {
  auto list = get("/api/v1/services/contract-templates", household());
  ASSERT_EQ(list.status, 200);
  const auto list_body = list.json();  // kept alive: `current` refers into it
  ASSERT_EQ(list_body.at("items").as_array().size(), 2u);
  // A new version with the same clauses and another source line (other tests keep using the clauses).
  const auto& current = list_body.at("items").as_array()[1].as_object();
  ASSERT_EQ(current.at("code").as_string(), "intermediary");
  int64_t v = current.at("version").as_int64();
  json::array clauses;
  for (const auto& c : current.at("clauses").as_array())
    clauses.push_back(json::object{{"heading", c.at("heading")}, {"body", c.at("body")}});
  json::object body{{"title", current.at("title")}, {"source", "测试：省商务厅修订"}, {"clauses", clauses}};
  EXPECT_EQ(send("PUT", "/api/v1/services/contract-templates/intermediary", enterprise(), body).status, 403);
  auto r = send("PUT", "/api/v1/services/contract-templates/intermediary", token("admin"), body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("version").as_int64(), v + 1);
  EXPECT_EQ(send("PUT", "/api/v1/services/contract-templates/nonsense", token("admin"), body).status, 404);
}

// From her certificate a household complains about a worker only by naming an order of hers that this worker
// served and that has started. The attacks: no order, somebody else's order with this worker, her own order
// with another worker, her order whose service has not started. Each is refused and writes nothing.
TEST_F(ServicesApi, AComplaintByWorkerMustNameAStartedOrderOfTheHouseholdThatSheServed) {
  int64_t w = take_worker(), other_worker = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  std::string other_tok = account("worker", "worker_id", other_worker);
  std::string neighbour = account("consumer");
  int64_t served = completed_order(household(), w, worker_tok, 1100, 1200);
  int64_t theirs = completed_order(neighbour, w, worker_tok, 1210, 1310);
  int64_t with_other = completed_order(household(), other_worker, other_tok, 1320, 1420);
  int64_t not_started = contracted_order(household(), w, worker_tok, 1430, 1530);
  std::string public_id;
  {
    auto conn = database().acquire();
    public_id = conn->query("SELECT public_id FROM workers WHERE id = ?", {w})[0].get_text(0);
  }
  const std::string by_worker = "/api/v1/workers/" + public_id + "/complaints";
  auto count = [] { return scalar("SELECT COUNT(*) FROM complaints"); };
  const int64_t before = count();

  auto r = post(by_worker, household(), json::object{{"text", "约定的时间没有到"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_code(), "complaint_needs_order");
  EXPECT_EQ(post(by_worker, household(), json::object{{"text", "约定的时间没有到"}, {"order_id", nullptr}}).error_code(),
            "complaint_needs_order");
  r = post(by_worker, household(), json::object{{"text", "冒用邻居的订单"}, {"order_id", theirs}});
  EXPECT_EQ(r.status, 403) << r.body;
  r = post(by_worker, household(), json::object{{"text", "订单上不是她"}, {"order_id", with_other}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_code(), "complaint_worker_not_on_order");
  r = post(by_worker, household(), json::object{{"text", "还没开始服务"}, {"order_id", not_started}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_code(), "complaint_needs_service");
  // The same refusal on the order's own route: a contracted order whose service has not started.
  EXPECT_EQ(post(order_url(not_started, "complaints"), household(), json::object{{"text", "还没开始服务"}}).error_code(),
            "complaint_needs_service");
  EXPECT_EQ(post(by_worker, household(), json::object{{"text", "x"}, {"order_id", 0}}).error_code(), "invalid_field");
  EXPECT_EQ(post("/api/v1/workers/nosuchpublic/complaints", household(),
                 json::object{{"text", "x"}, {"order_id", served}}).status,
            404);
  EXPECT_EQ(count(), before);

  // Her own started order with this worker: taken, and handled like any complaint about an order.
  r = post(by_worker, household(), json::object{{"text", "打扫不彻底"}, {"order_id", served}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j.at("order_id").as_int64(), served);
  EXPECT_EQ(j.at("worker_id").as_int64(), w);
  EXPECT_EQ(j.at("stage").as_string(), "enterprise");
  EXPECT_EQ(count(), before + 1);
  const auto listed = get(order_url(served, "complaints"), enterprise()).json();
  EXPECT_EQ(listed.at("items").as_array().size(), 1u);
}

// Complaints about an order go to its enterprise first; it can answer but never close one about itself. Missed
// deadlines hand the complaint to the order's 市州 officer, who ends it; an upheld one enters the credit file.
TEST_F(ServicesApi, AComplaintGoesToTheEnterpriseFirstThenToTheOrdersPrefectureAndUpheldEntersTheFile) {
  int64_t w = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  int64_t id = completed_order(household(), w, worker_tok, 900, 1000);
  const std::string complaints = order_url(id, "complaints");

  // Only the order's household can complain about it; nothing is written otherwise.
  int64_t before = scalar("SELECT COUNT(*) FROM complaints WHERE order_id = ?", {id});
  std::string stranger = account("consumer");
  EXPECT_EQ(post(complaints, stranger, json::object{{"text", "冒名投诉"}}).status, 403);
  EXPECT_EQ(post(complaints, household(), json::object{{"text", ""}}).error_code(), "missing_field");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM complaints WHERE order_id = ?", {id}), before);
  // An order nobody worked on yet cannot be complained about.
  int64_t fresh = book("hourly", 60, 61, "home_cooking");
  EXPECT_EQ(post(order_url(fresh, "complaints"), household(), json::object{{"text", "x"}}).error_code(),
            "complaint_needs_service");

  auto filed = post(complaints, household(), json::object{{"text", "打扫不彻底，还打碎了花瓶"}});
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto fj = filed.json();
  const int64_t cid = fj.at("id").as_int64();
  EXPECT_EQ(fj.at("stage").as_string(), "enterprise");
  EXPECT_EQ(fj.at("order_id").as_int64(), id);
  EXPECT_GT(std::string(fj.at("reply_due").as_string()), today_utc());
  const std::string cpath = "/api/v1/services/complaints/" + std::to_string(cid);
  const std::string transition = "/api/v1/complaints/" + std::to_string(cid) + "/transition";
  std::string pref = county().substr(0, 4);
  std::string officer = account("city_officer", "division_code", pref);
  std::string elsewhere = account("city_officer", "division_code", std::string(pref == "6201" ? "6202" : "6201"));

  // The attack: the enterprise closes or rejects the complaint about itself. It may only answer.
  EXPECT_EQ(post(transition, enterprise(), json::object{{"status", "rejected"}, {"findings", "无此事"}}).status, 403);
  EXPECT_EQ(post(cpath + "/decision", enterprise(), json::object{{"accept", true}}).status, 403);
  // Nor can the officer take it while it is the enterprise's turn.
  EXPECT_EQ(post(transition, officer, json::object{{"status", "investigating"}}).error_code(), "complaint_with_enterprise");
  // Another enterprise cannot answer for this one.
  int64_t other = scalar("SELECT MIN(id) FROM enterprises WHERE id <> ?", {enterprise_id()});
  EXPECT_EQ(post(cpath + "/reply", account("enterprise", "enterprise_id", other), json::object{{"reply", "x"}}).status, 403);
  EXPECT_EQ(post(cpath + "/decision", household(), json::object{{"accept", true}}).error_code(), "complaint_no_reply_yet");
  auto replied = post(cpath + "/reply", enterprise(), json::object{{"reply", "已上门致歉并照价赔偿花瓶"}});
  ASSERT_EQ(replied.status, 200) << replied.body;
  EXPECT_EQ(replied.json().at("stage").as_string(), "enterprise");
  EXPECT_EQ(post(cpath + "/reply", enterprise(), json::object{{"reply", "再答一次"}}).error_code(),
            "complaint_not_with_enterprise");
  // The household is not satisfied: the order's 市州 officer takes it, not the one of another 市州.
  auto taken = post(cpath + "/decision", household(), json::object{{"accept", false}});
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(taken.json().at("stage").as_string(), "officer");
  EXPECT_EQ(taken.json().at("escalation").as_string(), "household");
  EXPECT_EQ(post(transition, elsewhere, json::object{{"status", "investigating"}}).status, 403);
  ASSERT_EQ(post(transition, officer, json::object{{"status", "investigating"}}).status, 200);
  int64_t entries = scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = ? AND kind = 'complaint'", {w});
  auto upheld = post(transition, officer, json::object{{"status", "upheld"}, {"findings", "经核实，损坏属实"}});
  ASSERT_EQ(upheld.status, 200) << upheld.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM credit_entries WHERE worker_id = ? AND kind = 'complaint'", {w}), entries + 1);
  // The household follows it on its phone page (its complaints, and the order's).
  const auto mine = get("/api/v1/me/complaints", household()).json();
  bool seen = false;
  for (const auto& c : mine.at("items").as_array())
    if (c.at("id").as_int64() == cid) seen = c.at("status").as_string() == "upheld" && c.at("findings").as_string() == "经核实，损坏属实";
  EXPECT_TRUE(seen);

  // A second complaint the enterprise lets lapse: past its deadline it is the officer's without anyone acting.
  auto late = post(complaints, household(), json::object{{"text", "第二次投诉：迟到"}});
  ASSERT_EQ(late.status, 201);
  const int64_t late_id = late.json().at("id").as_int64();
  {
    auto conn = database().acquire();
    conn->exec("UPDATE complaints SET reply_due = ? WHERE id = ?", {credit::add_days(today_utc(), -1), late_id});
  }
  const auto listed = get(complaints, household()).json();
  std::string stage, escalation;
  for (const auto& c : listed.at("items").as_array())
    if (c.at("id").as_int64() == late_id) {
      stage = c.at("stage").as_string();
      escalation = c.at("escalation").as_string();
    }
  EXPECT_EQ(stage, "officer");
  EXPECT_EQ(escalation, "overdue");
  EXPECT_EQ(post("/api/v1/services/complaints/" + std::to_string(late_id) + "/reply", enterprise(),
                 json::object{{"reply", "太晚了"}})
                .error_code(),
            "complaint_not_with_enterprise");
  auto rejected = post("/api/v1/complaints/" + std::to_string(late_id) + "/transition", officer,
                       json::object{{"status", "investigating"}});
  EXPECT_EQ(rejected.status, 200) << rejected.body;
}

// The lie that pays: the enterprise signs a "household" up with a staff member's phone and confirms its own
// orders. The order completes, but the employment entry is the enterprise's own word, not independent.
TEST_F(ServicesApi, AHouseholdSignedUpWithAStaffPhoneDoesNotMakeTheEmploymentIndependent) {
  int64_t w = take_worker(), accomplice = take_worker();
  std::string worker_tok = account("worker", "worker_id", w);
  const std::string phone = fresh_phone();
  auto patched = send("PATCH", "/api/v1/workers/" + std::to_string(accomplice), token("admin"),
                      json::object{{"phone", phone}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  std::string fake = sms_household(phone);
  int64_t id = completed_order(fake, w, worker_tok, 1200, 1300);
  int64_t entry = scalar("SELECT employment_entry_id FROM service_orders WHERE id = ?", {id});
  ASSERT_GT(entry, 0);
  EXPECT_EQ(scalar("SELECT independent FROM credit_entries WHERE id = ?", {entry}), 0);
  // A household with its own phone, not the enterprise's, does.
  std::string real = sms_household(fresh_phone());
  int64_t id2 = completed_order(real, w, worker_tok, 1400, 1500);
  int64_t entry2 = scalar("SELECT employment_entry_id FROM service_orders WHERE id = ?", {id2});
  EXPECT_EQ(scalar("SELECT independent FROM credit_entries WHERE id = ?", {entry2}), 1);
}

// The enterprise prints the 居家上门服务证 card of its own worker with the same PDF machinery as the contracts.
TEST_F(ServicesApi, TheEnterprisePrintsTheServiceCardOfItsOwnWorker) {
  int64_t w = take_worker();
  const std::string card = "/api/v1/services/workers/" + std::to_string(w) + "/card.pdf";
  EXPECT_EQ(get(card, enterprise()).error_code(), "service_card_no_certificate");
  char buf[32];  // the real shape: GS and 16 digits
  std::snprintf(buf, sizeof buf, "GS99%06d%08lld", static_cast<int>(::getpid() % 1000000), static_cast<long long>(w));
  const std::string serial = buf;
  {
    auto conn = database().acquire();
    conn->exec("INSERT INTO service_certificates (serial, worker_id, issued_on, expires_on, token) VALUES (?, ?, ?, ?, ?)",
               {serial, w, today_utc(), credit::add_days(today_utc(), 365), std::string("test-token")});
  }
  std::string name;
  {
    auto conn = database().acquire();
    name = conn->query("SELECT name FROM workers WHERE id = ?", {w})[0].get_text(0);
  }
  auto pdf = get(card, enterprise());
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
  std::string text = pdf_text(pdf.body);
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n'; }), text.end());
  EXPECT_NE(text.find("居家上门服务证"), std::string::npos) << text;
  EXPECT_NE(text.find(serial), std::string::npos) << text;
  EXPECT_NE(text.find(name), std::string::npos) << text;
  // Not another enterprise's worker, and not for anyone else.
  int64_t other = scalar("SELECT MIN(id) FROM enterprises WHERE id <> ?", {enterprise_id()});
  EXPECT_EQ(get(card, account("enterprise", "enterprise_id", other)).status, 403);
  EXPECT_EQ(get(card, household()).status, 403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'service_card.print' AND object_id = ?",
                   {std::to_string(w)}),
            1);
}

}  // namespace
}  // namespace jz::test
