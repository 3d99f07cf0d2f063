// Subsidies paid without application (免申预付) over real HTTP, on the backend named by JZ_TEST_BACKEND: rules
// saved with versions and refused with line/column, simulation in scope, one worker's eligibility with evidence,
// payment batches with maker ≠ checker, the bank payment file (full ID numbers only for the province admin), the
// bank's result, a withdrawn employment flagging its payment, and never two payments for the same person, rule
// and period — under concurrent batch creation and retried requests.
//
// The shared server holds other modules' test data; each test sets up workers of its own (highest ids in 兰州
// first, never the demo accounts' except where the worker account must act herself) and uses its own period.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <thread>

#include "access_table.hpp"
#include "common/csv.hpp"
#include "api_fixture.hpp"
#include "db/database.hpp"
#include "registry/spreadsheet.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kSubsidyAccess({
    {"GET /api/v1/policies", "province_admin,department,city_officer"},
    {"GET /api/v1/policies/{policy}", "province_admin,department,city_officer"},
    {"PUT /api/v1/policies/{policy}", "province_admin"},
    {"POST /api/v1/policies/{policy}/simulate", "province_admin,department,city_officer"},
    {"GET /api/v1/workers/{id}/subsidies", "province_admin,department,city_officer,worker"},
    {"GET /api/v1/subsidy/batches", "province_admin,department,city_officer"},
    {"POST /api/v1/subsidy/batches", "province_admin,city_officer"},
    {"GET /api/v1/subsidy/batches/{id}", "province_admin,department,city_officer"},
    {"POST /api/v1/subsidy/batches/{id}/approve", "province_admin,department,city_officer"},
    {"POST /api/v1/subsidy/batches/{id}/reject", "province_admin,department,city_officer"},
    {"GET /api/v1/subsidy/batches/{id}/payment-file", "province_admin,city_officer"},
    {"POST /api/v1/subsidy/batches/{id}/bank-result", "province_admin,city_officer"},
    {"GET /api/v1/subsidy/bank-profiles", "province_admin,city_officer"},
}, {{"policy", "transport_subsidy"}});

class SubsidyApi : public ApiFixture<SubsidyApi> {
 protected:
  static db::Rows query(const std::string& sql, const db::Params& p = {}) {
    auto conn = database().acquire();
    return conn->query(sql, p);
  }
  // A user of this file (created once): a second 兰州 officer, a 天水 officer, a second province admin.
  static const std::string& user(const std::string& name, const std::string& role, const std::string& division) {
    static std::map<std::string, std::string> made;
    auto it = made.find(name);
    if (it != made.end()) return it->second;
    std::string username = "subsidy-" + name;
    json::object body{{"username", username}, {"password", "Secret2024x"}, {"role", role}, {"display_name", name}};
    if (!division.empty()) body["division_code"] = division;
    auto r = client().post_json("/api/v1/users", json::serialize(body), token("admin"));
    EXPECT_TRUE(r.status == 201 || r.error_code() == "username_taken") << r.body;
    return made.emplace(name, server().login(username, "Secret2024x")).first->second;
  }
  static const std::string& lanzhou2() { return user("lanzhou2", "city_officer", "6201"); }
  static const std::string& tianshui() { return user("tianshui", "city_officer", "6205"); }
  static const std::string& admin2() { return user("admin2", "province_admin", ""); }

  // A 兰州 worker no other test took, made 脱贫, with one employment in `place_other` from `start`, recorded by
  // the province admin (an independent source). Returns (worker id, entry id).
  static std::pair<int64_t, int64_t> eligible_worker(const std::string& start, const std::string& place_other) {
    static std::set<int64_t> taken;
    int64_t mine = scalar("SELECT worker_id FROM users WHERE username = 'worker'");
    int64_t id = 0;
    for (const auto& r : query("SELECT id FROM workers WHERE prefecture_code = '6201' ORDER BY id DESC LIMIT 100")) {
      int64_t w = r.get_int(0);
      if (w != mine && !taken.count(w)) {
        id = w;
        break;
      }
    }
    EXPECT_NE(id, 0);
    taken.insert(id);
    // 脱贫 as the province's monitoring list says: asserted by an official, so an independent fact.
    auto flag = client().post_json("/api/v1/workers/" + std::to_string(id) + "/flags",
                                   R"({"flag":"poverty_alleviated","value":true,"evidence":"防返贫监测名单"})", token("admin"));
    EXPECT_EQ(flag.status, 201) << flag.body;
    return {id, employment(id, start, place_other, "admin")};
  }
  static int64_t employment(int64_t worker, const std::string& start, const std::string& place_other,
                            const std::string& as) {
    json::object body{{"kind", "employment"},
                      {"occurred_on", start},
                      {"details", json::object{{"employer", "测试家政公司"},
                                               {"occupation", "housekeeping"},
                                               {"place_other", place_other},
                                               {"monthly_wage", 4800}}}};
    auto r = client().post_json("/api/v1/workers/" + std::to_string(worker) + "/credit-entries", json::serialize(body),
                                token(as));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  static HttpResult create_batch(const std::string& tok, const std::string& period, const std::string& prefecture,
                                 const std::string& key, const std::string& policy = "transport_subsidy") {
    HttpRequest req;
    req.method = "POST";
    req.target = "/api/v1/subsidy/batches";
    req.token = tok;
    req.headers["Content-Type"] = "application/json";
    if (!key.empty()) req.headers["Idempotency-Key"] = key;
    json::object body{{"policy_id", policy}, {"period", period}};
    if (!prefecture.empty()) body["prefecture"] = prefecture;
    req.body = json::serialize(body);
    return client().send(req);
  }
  static HttpResult approve(const std::string& tok, int64_t batch, int64_t total) {
    return client().post_json("/api/v1/subsidy/batches/" + std::to_string(batch) + "/approve",
                              json::serialize(json::object{{"total_yuan", total}}), tok);
  }
  static json::object worker_view(int64_t worker, const std::string& period, const std::string& tok) {
    auto r = client().get("/api/v1/workers/" + std::to_string(worker) + "/subsidies?period=" + period, tok);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().as_object() : json::object();
  }
  static json::object policy_of(const json::object& view, const std::string& id) {
    for (const auto& p : view.at("policies").as_array())
      if (p.at("policy_id").as_string() == id) return p.as_object();
    ADD_FAILURE() << "no policy " << id;
    return {};
  }
  static std::string items_ids(const json::object& batch) {
    std::string out;
    for (const auto& i : batch.at("items").as_array()) out += std::to_string(i.at("worker_id").as_int64()) + ",";
    return out;
  }
};

TEST_F(SubsidyApi, ShipsTheDefaultPoliciesAndRefusesABadRuleWithLineAndColumn) {
  auto list = client().get("/api/v1/policies", token("lanzhou"));
  ASSERT_EQ(list.status, 200) << list.body;
  std::set<std::string> ids;
  auto listed = list.json();
  for (const auto& p : listed.at("items").as_array()) ids.insert(std::string(p.at("policy_id").as_string()));
  EXPECT_TRUE(ids.count("transport_subsidy") && ids.count("internship_subsidy") && ids.count("startup_subsidy"));

  auto current = client().get("/api/v1/policies/internship_subsidy", token("admin"));
  ASSERT_EQ(current.status, 200);
  std::string source(current.json().at("source").as_string());
  int64_t version = current.json().at("version").as_int64();

  // A typo in a field: refused, nothing saved, the problem names line and column (in the request's language).
  std::string bad = source;
  bad.replace(bad.find("worker.graduate or"), 15, "worker.graduat");
  HttpRequest req;
  req.method = "PUT";
  req.target = "/api/v1/policies/internship_subsidy";
  req.token = token("admin");
  req.headers["Content-Type"] = "application/json";
  req.headers["Accept-Language"] = "en";
  req.body = json::serialize(json::object{{"source", bad}});
  auto refused = client().send(req);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_code(), "subsidy_rule_invalid");
  EXPECT_NE(std::string(refused.json().at("error").at("message").as_string()).find("was not saved"), std::string::npos);
  auto problems = refused.json().at("error").at("problems").as_array();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_GT(problems[0].at("line").as_int64(), 5);
  EXPECT_EQ(problems[0].at("column").as_int64(), 4);
  EXPECT_EQ(problems[0].at("message").as_string(), "unknown field 'worker.graduat'");

  // A sound edit: a new version; the old one stays readable in the list. Only a province admin may save.
  std::string good = source;
  good.replace(good.find("yuan = 1000"), 11, "yuan = 1100");
  req.body = json::serialize(json::object{{"source", good}});
  auto saved = client().send(req);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json().at("version").as_int64(), version + 1);
  auto after = client().get("/api/v1/policies/internship_subsidy", token("dept")).json();
  EXPECT_EQ(after.at("version").as_int64(), version + 1);
  EXPECT_EQ(after.at("versions").as_array().size(), static_cast<size_t>(version + 1));
  req.token = token("lanzhou");
  EXPECT_EQ(client().send(req).status, 403);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'subsidy.policy.save'"), 1);
}

TEST_F(SubsidyApi, SimulatesInScopeWithEvidenceAndWritesNothing) {
  auto [worker, entry] = eligible_worker("2022-03-01", "陕西省西安市");
  int64_t audit_before = scalar("SELECT COUNT(*) FROM audit_log");
  auto sim = client().post_json("/api/v1/policies/transport_subsidy/simulate?period=2022&sample=200", "{}",
                                token("lanzhou"));
  ASSERT_EQ(sim.status, 200) << sim.body;
  auto s = sim.json().as_object();
  EXPECT_EQ(s.at("prefecture_code").as_string(), "6201");
  EXPECT_GE(s.at("people").as_int64(), 1);
  bool found = false;
  for (const auto& p : s.at("sample").as_array()) {
    EXPECT_EQ(p.at("prefecture_code").as_string(), "6201");
    if (p.at("worker_id").as_int64() != worker) continue;
    found = true;
    EXPECT_EQ(p.at("yuan").as_int64(), 400);
    EXPECT_EQ(p.at("case").as_string(), "跨省（陕西、宁夏）");
    EXPECT_EQ(p.at("employment_entry_id").as_int64(), entry);
    // Every condition with the record that satisfied it.
    for (const auto& c : p.at("evidence").as_array()) {
      EXPECT_TRUE(c.at("passed").as_bool());
      std::string cond(c.at("condition").as_string());
      if (cond.rfind("employment.", 0) == 0)
        EXPECT_EQ(c.at("records").as_array()[0].as_string(), "employment " + std::to_string(entry)) << cond;
    }
  }
  EXPECT_TRUE(found) << sim.body;
  ASSERT_FALSE(s.at("by_prefecture").as_array().empty());
  EXPECT_EQ(s.at("by_prefecture").as_array()[0].at("prefecture_code").as_string(), "6201");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log"), audit_before);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM subsidy_payments WHERE period = '2022'"), 0);

  // The province sees every 市州; a 天水 officer cannot simulate 兰州.
  auto all = client().post_json("/api/v1/policies/transport_subsidy/simulate?period=2022", "{}", token("dept"));
  ASSERT_EQ(all.status, 200);
  EXPECT_GE(all.json().at("people").as_int64(), s.at("people").as_int64());
  auto other = client().post_json("/api/v1/policies/transport_subsidy/simulate?period=2022&prefecture=6201", "{}",
                                  tianshui());
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.error_code(), "out_of_scope");
  EXPECT_EQ(client().post_json("/api/v1/policies/nope/simulate", "{}", token("admin")).status, 404);
  EXPECT_EQ(client().post_json("/api/v1/policies/transport_subsidy/simulate?period=20x4", "{}", token("admin")).status, 400);
}

TEST_F(SubsidyApi, AWorkerSeesWhyAndOnlyHerOwn) {
  auto [worker, entry] = eligible_worker("2021-02-01", "天津市");
  auto view = worker_view(worker, "2021", token("lanzhou"));
  auto transport = policy_of(view, "transport_subsidy");
  EXPECT_TRUE(transport.at("eligible").as_bool());
  EXPECT_EQ(transport.at("yuan").as_int64(), 600);
  EXPECT_EQ(transport.at("employment_entry_id").as_int64(), entry);
  // A rule she does not meet names the condition that failed.
  auto startup = policy_of(view, "startup_subsidy");
  EXPECT_FALSE(startup.at("eligible").as_bool());
  EXPECT_EQ(startup.at("failed_condition").as_string(), "enterprise.is_founder");
  // Another year: the start date fails.
  auto other_year = policy_of(worker_view(worker, "2020", token("admin")), "transport_subsidy");
  EXPECT_FALSE(other_year.at("eligible").as_bool());
  EXPECT_NE(std::string(other_year.at("failed_condition").as_string()).find("period.start"), std::string::npos);

  // Scope: a 天水 officer, another worker, an enterprise are refused; the worker sees her own.
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(worker) + "/subsidies", tianshui()).status, 403);
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(worker) + "/subsidies", token("worker")).status, 403);
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(worker) + "/subsidies", token("enterprise")).status, 403);
  int64_t mine = scalar("SELECT worker_id FROM users WHERE username = 'worker'");
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(mine) + "/subsidies", token("worker")).status, 200);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'subsidy.worker.view' AND subject_worker_id = ?",
                   {worker}),
            2);
}

// Two officials create batches for the same rule, period and 市州 at the same moment: each person is claimed
// once (the database's UNIQUE constraint decides), and retries with the same Idempotency-Key return the batch.
TEST_F(SubsidyApi, NobodyIsPaidTwiceUnderConcurrentCreationAndRetries) {
  for (int i = 0; i < 3; ++i) eligible_worker("2019-0" + std::to_string(i + 3) + "-01", "宁夏银川市");
  auto sim = client().post_json("/api/v1/policies/transport_subsidy/simulate?period=2019", "{}", token("lanzhou"));
  ASSERT_EQ(sim.status, 200);
  int64_t eligible = sim.json().at("people").as_int64();
  ASSERT_GE(eligible, 3);

  // Three officials at once, each with her own key.
  std::vector<HttpResult> results(3);
  std::vector<std::thread> threads;
  const std::string keys[] = {"race-a", "race-b", "race-c"};
  const std::string* toks[] = {&token("lanzhou"), &token("admin"), &lanzhou2()};
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&, i] { results[i] = create_batch(*toks[i], "2019", "6201", keys[i]); });
  for (auto& t : threads) t.join();
  threads.clear();
  int64_t claimed = 0, made = 0;
  for (int i = 0; i < 3; ++i) {
    const auto& r = results[i];
    ASSERT_TRUE(r.status == 201 || r.error_code() == "subsidy_nothing_to_pay") << i << " " << r.body;
    if (r.status != 201) continue;
    ++made;
    claimed += r.json().at("people").as_int64();
  }
  EXPECT_GE(made, 1);
  EXPECT_EQ(claimed, eligible);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM subsidy_payments WHERE policy_id = 'transport_subsidy' AND period = '2019'"),
            eligible);
  EXPECT_EQ(scalar("SELECT COUNT(DISTINCT worker_id) FROM subsidy_payments WHERE policy_id = 'transport_subsidy' "
                   "AND period = '2019'"),
            eligible);

  // One official's request sent three times at once (a retrying client): one batch, the same for all three.
  eligible_worker("2013-03-01", "宁夏银川市");
  std::vector<HttpResult> same(3);
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&, i] { same[i] = create_batch(token("lanzhou"), "2013", "6201", "same-2013"); });
  for (auto& t : threads) t.join();
  int created = 0;
  for (const auto& r : same) {
    ASSERT_TRUE(r.status == 201 || r.status == 200) << r.body;
    created += r.status == 201;
    EXPECT_EQ(r.json().at("id").as_int64(), same[0].json().at("id").as_int64());
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM payment_batches WHERE idempotency_key = 'same-2013'"), 1);
  // A retry later with the same key returns the same batch (200), never a new one.
  auto retry = create_batch(token("lanzhou"), "2013", "6201", "same-2013");
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.json().at("id").as_int64(), same[0].json().at("id").as_int64());
  // The same key for a different request is refused.
  EXPECT_EQ(create_batch(token("lanzhou"), "2012", "6201", "same-2013").error_code(), "subsidy_idempotency_key_reused");
  // Nothing left to pay: a new batch is refused. The database refuses a second payment even from a direct write.
  EXPECT_EQ(create_batch(token("admin"), "2019", "6201", "").error_code(), "subsidy_nothing_to_pay");
  auto row = query("SELECT batch_id, worker_id FROM subsidy_payments WHERE period = '2019' LIMIT 1");
  ASSERT_FALSE(row.empty());
  auto conn = database().acquire();
  EXPECT_THROW(conn->exec("INSERT INTO subsidy_payments (batch_id, worker_id, policy_id, period, yuan, reference, "
                          "created_at) VALUES (?, ?, 'transport_subsidy', '2019', 1, 'dup-ref', 't')",
                          {row[0].get_int(0), row[0].get_int(1)}),
               db::ConstraintError);
}

TEST_F(SubsidyApi, MakerCannotCheckAndOfficersStayInTheirPrefecture) {
  auto [worker, entry] = eligible_worker("2017-04-01", "陕西省宝鸡市");
  auto made = create_batch(token("lanzhou"), "2017", "", "mk-1");
  ASSERT_EQ(made.status, 201) << made.body;
  auto b = made.json().as_object();
  int64_t id = b.at("id").as_int64(), total = b.at("total_yuan").as_int64();
  EXPECT_EQ(b.at("prefecture_code").as_string(), "6201");  // an officer's batch is her 市州's
  // A 天水 officer can neither see nor decide it; the maker cannot approve or reject her own.
  EXPECT_EQ(client().get("/api/v1/subsidy/batches/" + std::to_string(id), tianshui()).status, 403);
  EXPECT_EQ(approve(tianshui(), id, total).error_code(), "out_of_scope");
  EXPECT_EQ(create_batch(tianshui(), "2017", "6201", "").error_code(), "out_of_scope");
  EXPECT_EQ(approve(token("lanzhou"), id, total).error_code(), "subsidy_maker_cannot_check");
  EXPECT_EQ(client().post_json("/api/v1/subsidy/batches/" + std::to_string(id) + "/reject", R"({"reason":"x"})",
                               token("lanzhou")).error_code(),
            "subsidy_maker_cannot_check");
  // The checker confirms the total she saw.
  EXPECT_EQ(approve(lanzhou2(), id, total + 1).error_code(), "subsidy_batch_total_mismatch");
  // No payment file before approval.
  EXPECT_EQ(client().get("/api/v1/subsidy/batches/" + std::to_string(id) + "/payment-file", token("lanzhou")).status, 409);
  auto ok = approve(lanzhou2(), id, total);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("status").as_string(), "approved");
  EXPECT_EQ(ok.json().at("payments").at("issued").as_int64(), b.at("people").as_int64());
  EXPECT_EQ(approve(token("admin"), id, total).error_code(), "subsidy_batch_decided");
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('subsidy.batch.create', 'subsidy.batch.approve') "
                   "AND object_id = ?",
                   {std::to_string(id)}),
            2);

  // Rejection releases the claims: the same people can go into a later batch.
  auto [w2, e2] = eligible_worker("2016-04-01", "陕西省宝鸡市");
  auto second = create_batch(token("admin"), "2016", "6201", "");
  ASSERT_EQ(second.status, 201) << second.body;
  int64_t sid = second.json().at("id").as_int64();
  EXPECT_EQ(approve(token("admin"), sid, second.json().at("total_yuan").as_int64()).error_code(),
            "subsidy_maker_cannot_check");
  EXPECT_EQ(client().post_json("/api/v1/subsidy/batches/" + std::to_string(sid) + "/reject", "{}", token("lanzhou")).status,
            400);
  auto rejected = client().post_json("/api/v1/subsidy/batches/" + std::to_string(sid) + "/reject",
                                     R"({"reason":"名单需与县区核对"})", token("lanzhou"));
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json().at("reason").as_string(), "名单需与县区核对");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM subsidy_payments WHERE batch_id = ?", {sid}), 0);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM payment_batch_items WHERE batch_id = ?", {sid}), 1);  // the record stays
  auto again = create_batch(token("admin"), "2016", "6201", "");
  EXPECT_EQ(again.status, 201) << again.body;
  // A whole-province batch is checked by a province admin only.
  auto province = create_batch(token("admin"), "2016", "", "");
  if (province.status == 201)
    EXPECT_EQ(approve(token("lanzhou"), province.json().at("id").as_int64(), province.json().at("total_yuan").as_int64())
                  .error_code(),
              "out_of_scope");
}

TEST_F(SubsidyApi, PaymentFileBankResultAndTheWorkersOwnPage) {
  auto [worker, entry] = eligible_worker("2015-05-01", "陕西省咸阳市");
  auto made = create_batch(token("lanzhou"), "2015", "6201", "");
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t id = made.json().at("id").as_int64();
  ASSERT_EQ(approve(token("admin"), id, made.json().at("total_yuan").as_int64()).status, 200);
  const std::string file = "/api/v1/subsidy/batches/" + std::to_string(id) + "/payment-file";
  // The officer's file masks ID numbers; the province admin's carries them in full (the bank needs them).
  auto masked = client().get(file + "?format=csv", token("lanzhou"));
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_NE(masked.header("Content-Type").find("text/csv; charset=GBK"), std::string::npos);
  auto decoded = registry::gb18030_to_utf8(masked.body);
  ASSERT_TRUE(decoded);
  EXPECT_NE(decoded->find("业务参考号"), std::string::npos);
  std::string mask = std::string(query("SELECT id_number_mask FROM workers WHERE id = ?", {worker})[0].get_text(0));
  EXPECT_NE(masked.body.find(mask), std::string::npos);
  auto full = client().get(file + "?format=csv", token("admin"));
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.body.find(mask), std::string::npos);
  EXPECT_GE(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'subsidy.batch.payment_file' AND sensitive = 1"), 1);
  auto xlsx = client().get(file + "?format=xlsx", token("lanzhou"));
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  // The bank's result: all rows or none.
  auto detail = client().get("/api/v1/subsidy/batches/" + std::to_string(id), token("lanzhou")).json().as_object();
  std::string ref;
  for (const auto& i : detail.at("items").as_array())
    if (i.at("worker_id").as_int64() == worker) ref = std::string(i.at("reference").as_string());
  ASSERT_FALSE(ref.empty());
  const std::string import = "/api/v1/subsidy/batches/" + std::to_string(id) + "/bank-result";
  auto bad = client().post_json(
      import, json::serialize(json::object{{"csv", "业务参考号,结果\n" + ref + ",成功\nNO-SUCH,成功\n"}}), token("lanzhou"));
  EXPECT_EQ(bad.error_code(), "subsidy_bank_file_invalid");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM subsidy_payments WHERE reference = ? AND status = 'paid'", {ref}), 0);
  auto good = client().post_json(import, json::serialize(json::object{{"csv", "业务参考号,结果,说明\n" + ref + ",成功,\n"}}),
                                 token("lanzhou"));
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json().at("paid").as_int64(), 1);

  // Her page: paid, when, under which policy; and the rule no longer offers her a second payment.
  auto view = worker_view(worker, "2015", token("lanzhou"));
  bool paid = false;
  for (const auto& p : view.at("payments").as_array())
    if (p.at("reference").as_string() == ref) {
      paid = p.at("status").as_string() == "paid" && !p.at("settled_at").as_string().empty();
      EXPECT_EQ(p.at("policy_name").as_string(), "一次性交通补助");
    }
  EXPECT_TRUE(paid) << json::serialize(view);
  auto transport = policy_of(view, "transport_subsidy");
  EXPECT_FALSE(transport.at("eligible").as_bool());
  EXPECT_EQ(transport.at("failed_condition").as_string(), "not paid.same_rule_same_period");
}

// The file a bank reads: GBK, two-decimal amounts, a total record whose count and sum match the batch, per bank
// profile; XLSX with numeric amounts; the bank's own result file (GBK bytes, total record, its column names)
// read back with the same profile.
TEST_F(SubsidyApi, BankProfilesShapeThePaymentFileAndReadTheResult) {
  auto profiles = client().get("/api/v1/subsidy/bank-profiles", token("lanzhou"));
  ASSERT_EQ(profiles.status, 200) << profiles.body;
  std::set<std::string> ids;
  const auto profiles_body = profiles.json();  // kept alive for the loop
  for (const auto& p : profiles_body.at("profiles").as_array()) ids.insert(std::string(p.at("id").as_string()));
  EXPECT_TRUE(ids.count("generic") && ids.count("abc") && ids.count("gsrcu")) << profiles.body;
  EXPECT_EQ(client().get("/api/v1/subsidy/bank-profiles", token("enterprise")).status, 403);

  auto [worker, entry] = eligible_worker("2011-05-01", "陕西省汉中市");
  auto made = create_batch(token("lanzhou"), "2011", "6201", "");
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t id = made.json().at("id").as_int64(), total = made.json().at("total_yuan").as_int64();
  int64_t people = made.json().at("people").as_int64();
  ASSERT_EQ(approve(lanzhou2(), id, total).status, 200);
  const std::string file = "/api/v1/subsidy/batches/" + std::to_string(id) + "/payment-file";
  EXPECT_EQ(client().get(file + "?bank=nope", token("lanzhou")).error_field(), "bank");

  auto csv = client().get(file + "?format=csv&bank=generic", token("lanzhou"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_FALSE(registry::is_valid_utf8(csv.body));  // GBK bytes, as the bank's upload screen expects
  auto text = registry::gb18030_to_utf8(csv.body);
  ASSERT_TRUE(text);
  auto rows = parse_csv(*text);
  ASSERT_EQ(static_cast<int64_t>(rows.size()), people + 2);
  EXPECT_EQ(rows[0][0], "总笔数");
  EXPECT_EQ(rows[0][1], std::to_string(people));
  EXPECT_EQ(rows[0][3], std::to_string(total) + ".00");
  std::string ref;
  for (size_t i = 2; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][3].substr(rows[i][3].size() - 3), ".00") << rows[i][3];
    ref = rows[i][6];
  }
  ASSERT_FALSE(ref.empty());

  auto xlsx = client().get(file + "?format=xlsx&bank=abc", token("lanzhou"));
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = registry::read_xlsx(xlsx.body);
  ASSERT_TRUE(sheet);
  EXPECT_EQ(sheet->rows[1][2], "金额");
  EXPECT_EQ(sheet->rows[0][3], std::to_string(total));  // the sum, a number cell

  // The result as the 农信 bank would send it back: GBK bytes, a title line, its own column names, a total record.
  const std::string import = "/api/v1/subsidy/batches/" + std::to_string(id) + "/bank-result?bank=gsrcu";
  auto gbk = registry::utf8_to_gbk("补贴发放结果\r\n业务参考号,姓名,发放结果,失败原因\r\n" + ref +
                                   ",某,发放失败,账户已销户\r\n合计,1人,,\r\n");
  ASSERT_TRUE(gbk);
  HttpRequest req;
  req.method = "POST";
  req.target = import;
  req.token = token("lanzhou");
  req.headers["Content-Type"] = "text/csv";
  req.body = *gbk;
  auto r = client().send(req);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("failed").as_int64(), 1);
  EXPECT_EQ(query("SELECT bank_message FROM subsidy_payments WHERE reference = ?", {ref})[0].get_text(0), "账户已销户");
  // The same file read with a profile whose words it does not use is refused, nothing changed.
  req.target = "/api/v1/subsidy/batches/" + std::to_string(id) + "/bank-result?bank=abc";
  EXPECT_EQ(client().send(req).error_code(), "subsidy_bank_file_invalid");
}

// The worker contests the employment behind her payment; the payment is flagged for review, not changed.
TEST_F(SubsidyApi, AWithdrawnEmploymentFlagsItsPayment) {
  int64_t me = scalar("SELECT worker_id FROM users WHERE username = 'worker'");
  std::string pref = query("SELECT prefecture_code FROM workers WHERE id = ?", {me})[0].get_text(0);
  ASSERT_EQ(client().post_json("/api/v1/workers/" + std::to_string(me) + "/flags",
                               R"({"flag":"poverty_alleviated","value":true})", token("admin")).status, 201);
  int64_t entry = employment(me, "2014-01-01", "天津市", "admin");
  auto made = create_batch(token("admin"), "2014", pref, "");
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t id = made.json().at("id").as_int64();
  ASSERT_EQ(approve(admin2(), id, made.json().at("total_yuan").as_int64()).status, 200);
  ASSERT_EQ(scalar("SELECT COUNT(*) FROM subsidy_payments WHERE batch_id = ? AND worker_id = ? AND "
                   "employment_entry_id = ?",
                   {id, me, entry}),
            1);
  auto d = client().post_json("/api/v1/credit-entries/" + std::to_string(entry) + "/disputes",
                              R"({"reason":"这份工作的记录有误"})", token("worker"));
  ASSERT_EQ(d.status, 201) << d.body;
  auto resolved = client().post_json("/api/v1/disputes/" + std::to_string(d.json().at("id").as_int64()) + "/resolve",
                                     R"({"accept":true,"resolution":"核实后撤回"})", token("admin"));
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  ASSERT_EQ(query("SELECT status FROM employments WHERE entry_id = ?", {entry})[0].get_text(0), "withdrawn");
  auto detail = client().get("/api/v1/subsidy/batches/" + std::to_string(id), token("admin"));
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.json().at("flagged").as_int64(), 1);
  bool flagged = false;
  auto detail_json = detail.json();
  for (const auto& i : detail_json.at("items").as_array())
    if (i.at("worker_id").as_int64() == me) {
      flagged = i.at("review_flag").as_bool();
      EXPECT_EQ(i.at("payment_status").as_string(), "issued");  // history unchanged
      EXPECT_EQ(i.at("yuan").as_int64(), 600);
    }
  EXPECT_TRUE(flagged);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'subsidy.payment.flag' AND subject_worker_id = ?", {me}),
            1);
  // She sees it on her own page.
  auto mine = worker_view(me, "2014", token("worker"));
  bool seen = false;
  for (const auto& p : mine.at("payments").as_array())
    if (p.at("batch_id").as_int64() == id) seen = p.at("review_flag").as_bool();
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace jz::test
