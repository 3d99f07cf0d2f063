// Service certificates (居家上门服务证) and 家政信用查 over real HTTP, on the backend named by JZ_TEST_BACKEND:
// issuing in and out of scope, verification by token, serial and page, forgery, revocation, the QR code,
// the offline check with the published key, and the audit of public views.
#include <gtest/gtest.h>

#include <cstdlib>

#include <boost/json.hpp>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "db/database.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kVerifyAccess(
    {
        {"POST /api/v1/workers/{id}/certificates", "enterprise,city_officer,province_admin"},
        {"GET /api/v1/workers/{id}/certificates", "province_admin,department,city_officer,enterprise,worker"},
        {"POST /api/v1/certificates/{serial}/revoke", "province_admin,city_officer,enterprise,worker"},
        {"GET /api/v1/certificates/public-key", "public"},
        {"GET /api/v1/certificates/{serial}", "public"},
        {"GET /api/v1/certificates/{serial}/qr.png", "province_admin,department,city_officer,enterprise,worker"},
        {"GET /api/v1/verify/{token}", "public"},
        {"GET /v/{token}", "public"},
    },
    {{"serial", "GS2026010100000000"}, {"token", "not-a-token"}});

class VerifyApi : public ApiFixture<VerifyApi> {
 protected:
  // A worker id matching `where` (SQL over workers w), or 0.
  static int64_t find_worker(const std::string& where) {
    auto conn = database().acquire();
    auto rows = conn->query("SELECT w.id FROM workers w WHERE " + where + " ORDER BY w.id DESC LIMIT 1");
    return rows.empty() ? 0 : rows[0].get_int(0);
  }
  static int64_t demo_enterprise() {
    auto conn = database().acquire();
    return conn->query("SELECT enterprise_id FROM users WHERE username = 'enterprise'")[0].get_int(0);
  }
  // A verified worker of the demo enterprise.
  static int64_t own_staff() {
    return find_worker("w.identity_status = 'verified' AND w.enterprise_id = " + std::to_string(demo_enterprise()));
  }
  static HttpResult issue(int64_t worker, const std::string& as, const std::string& body = "") {
    return client().post_json("/api/v1/workers/" + std::to_string(worker) + "/certificates", body, token(as));
  }
  // Issues as `as` and returns the certificate JSON; fails the test otherwise.
  static json::object issued(int64_t worker, const std::string& as = "admin") {
    auto r = issue(worker, as);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().as_object();
  }
  static std::string text(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }
  static HttpResult get_lang(const std::string& target, const std::string& lang) {
    HttpRequest r;
    r.target = target;
    r.headers["Accept-Language"] = lang;
    return client().send(r);
  }
};

TEST_F(VerifyApi, EnterpriseIssuesForItsOwnStaffOnly) {
  int64_t staff = own_staff();
  ASSERT_GT(staff, 0);
  auto r = issue(staff, "enterprise", R"({"expires_on":null})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = r.json().as_object();
  std::string serial = text(c, "serial");
  EXPECT_EQ(serial.size(), 18u);
  EXPECT_EQ(serial.substr(0, 2), "GS");
  EXPECT_EQ(text(c, "status"), "valid");
  // Ed25519 tokens stay within 120 characters; SM2 ones (JZ_CRYPTO_SUITE=sm) carry a 70-72 byte DER signature.
  const char* suite = std::getenv("JZ_CRYPTO_SUITE");
  EXPECT_LE(text(c, "token").size(), suite && std::string(suite) == "sm" ? 130u : 120u);
  EXPECT_NE(text(c, "verify_url").find("/v/" + text(c, "token")), std::string::npos);
  // One year by default: issued 2026-11-29 → last day 2027-11-28 (unit-tested in service_test.cpp).
  EXPECT_GT(text(c, "expires_on"), text(c, "issued_on"));
  EXPECT_LE(std::stoi(text(c, "expires_on").substr(0, 4)), std::stoi(text(c, "issued_on").substr(0, 4)) + 1);

  int64_t other = find_worker("w.identity_status = 'verified' AND w.enterprise_id IS NOT NULL AND w.enterprise_id <> " +
                              std::to_string(demo_enterprise()));
  ASSERT_GT(other, 0);
  auto denied = issue(other, "enterprise");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.error_code(), "out_of_scope");
  int64_t unattached = find_worker("w.identity_status = 'verified' AND w.enterprise_id IS NULL");
  if (unattached) {
    EXPECT_EQ(issue(unattached, "enterprise").error_code(), "out_of_scope");
  }
  // Anonymous, and roles that never issue.
  EXPECT_EQ(client().post_json("/api/v1/workers/" + std::to_string(staff) + "/certificates", "").status, 401);
  EXPECT_EQ(issue(staff, "consumer").error_code(), "forbidden");
  EXPECT_EQ(issue(staff, "dept").error_code(), "forbidden");
  EXPECT_EQ(issue(staff, "worker").error_code(), "forbidden");
}

TEST_F(VerifyApi, CityOfficerIssuesOnlyInHerPrefecture) {
  int64_t local = find_worker("w.identity_status = 'verified' AND w.prefecture_code = '6201'");
  int64_t elsewhere = find_worker("w.identity_status = 'verified' AND w.prefecture_code <> '6201'");
  ASSERT_GT(local, 0);
  ASSERT_GT(elsewhere, 0);
  EXPECT_EQ(issue(local, "lanzhou").status, 201);
  auto denied = issue(elsewhere, "lanzhou");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.error_code(), "out_of_scope");
  EXPECT_EQ(issue(elsewhere, "admin").status, 201);
  // The certificate lists follow the same scope.
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(elsewhere) + "/certificates", token("lanzhou")).error_code(),
            "out_of_scope");
  auto list = client().get("/api/v1/workers/" + std::to_string(elsewhere) + "/certificates", token("dept"));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_GE(list.json().at("total").as_int64(), 1);
}

TEST_F(VerifyApi, RefusesUnverifiedWorkersUnknownWorkersAndBadDates) {
  int64_t unverified = find_worker("w.identity_status <> 'verified'");
  ASSERT_GT(unverified, 0);
  auto r = issue(unverified, "admin");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "certificate_identity_unverified");
  EXPECT_EQ(issue(99999999, "admin").status, 404);
  EXPECT_EQ(issue(own_staff(), "admin", R"({"expires_on":"2001-01-01"})").error_code(), "invalid_field");
  EXPECT_EQ(issue(own_staff(), "admin", R"({"expires_on":"2099-01-01"})").error_code(), "invalid_field");
  EXPECT_EQ(issue(own_staff(), "admin", R"({"expires_on":"soon"})").error_code(), "invalid_field");
}

TEST_F(VerifyApi, VerifiesAGenuineTokenWithTheMaskedPublicProfile) {
  int64_t worker = own_staff();
  auto c = issued(worker, "enterprise");
  auto r = client().get("/api/v1/verify/" + text(c, "token"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = r.json();
  EXPECT_EQ(v.at("result").as_string(), "valid");
  EXPECT_EQ(v.at("message").as_string(), "证书有效");
  EXPECT_EQ(v.at("certificate").at("serial").as_string(), text(c, "serial"));
  const auto& p = v.at("profile");
  std::string masked = std::string(p.at("name").as_string());
  EXPECT_NE(masked.find('*'), std::string::npos) << masked;
  EXPECT_GE(p.at("age").as_int64(), 18);
  EXPECT_TRUE(p.at("photo_url").is_null());  // demo workers have no photo: no link to a missing image
  EXPECT_GE(p.at("occupations").as_array().size(), 1u);
  EXPECT_FALSE(p.at("enterprise").is_null());
  EXPECT_EQ(p.at("identity").at("status").as_string(), "verified");
  std::string color = std::string(v.at("status_light").at("color").as_string());
  EXPECT_TRUE(color == "green" || color == "yellow") << color;
  // Nothing personal beyond the public profile: no full name, ID number, phone or birth date.
  auto conn = database().acquire();
  auto row = conn->query("SELECT name, id_number_mask, phone_mask, birth_date FROM workers WHERE id = ?", {worker})[0];
  for (size_t i = 0; i < 4; ++i)
    if (!row.get_text(i).empty()) EXPECT_EQ(r.body.find(row.get_text(i)), std::string::npos) << i;
  // In English on request.
  auto en = get_lang("/api/v1/verify/" + text(c, "token"), "en-US,en;q=0.9");
  EXPECT_EQ(en.json().at("message").as_string(), "Certificate valid");
}

TEST_F(VerifyApi, GreenWithHealthCheckAndInsuranceInDateYellowWithout) {
  // A verified worker whose file has no health check, insurance or checks yet; if every one has some, the
  // last one's are withdrawn (withdrawn entries never count and are never shown).
  const std::string kKinds = "('health_check', 'insurance', 'background_check', 'identity_verification')";
  int64_t worker = find_worker("w.identity_status = 'verified' AND NOT EXISTS (SELECT 1 FROM credit_entries ce "
                               "WHERE ce.worker_id = w.id AND ce.kind IN " + kKinds + ")");
  if (!worker) {
    worker = own_staff();
    auto conn = database().acquire();
    conn->exec("UPDATE credit_entries SET status = 'withdrawn' WHERE worker_id = ? AND kind IN " + kKinds, {worker});
  }
  ASSERT_GT(worker, 0);
  auto c = issued(worker);
  auto light = [&] { return client().get("/api/v1/verify/" + text(c, "token")).json().at("status_light"); };
  auto yellow = light();
  EXPECT_EQ(yellow.at("color").as_string(), "yellow");
  {
    auto conn = database().acquire();
    const char* insert =
        "INSERT INTO credit_entries (worker_id, kind, status, source_type, source_name, independent, occurred_on, "
        "valid_until, summary, details, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, 1, ?, ?, ?, ?, "
        "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')";
    conn->exec(insert, {worker, std::string("health_check"), std::string("hospital"), std::string("兰州市第一人民医院"),
                        std::string("2026-01-02"), std::string("2099-01-01"), std::string("健康体检"),
                        std::string(R"({"institution":"兰州市第一人民医院"})")});
    conn->exec(insert, {worker, std::string("insurance"), std::string("enterprise"), std::string("兰州巾帼家政"),
                        std::string("2026-01-02"), std::string("2099-01-01"), std::string("意外险"),
                        std::string(R"({"policy_kind":"accident","insurer":"中国人保"})")});
  }
  auto green = light();
  EXPECT_EQ(green.at("color").as_string(), "green") << json::serialize(green);
  auto v = client().get("/api/v1/verify/" + text(c, "token")).json();
  EXPECT_EQ(v.at("profile").at("health_check").at("valid_until").as_string(), "2099-01-01");
  EXPECT_EQ(v.at("profile").at("insurance").at("policies").as_array()[0].at("insurer").as_string(), "中国人保");
}

TEST_F(VerifyApi, AnAlteredTokenIsForged) {
  auto c = issued(own_staff());
  std::string t = text(c, "token");
  std::string altered = t;
  size_t pos = t.find('.') / 2;
  altered[pos] = altered[pos] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {altered, t.substr(0, t.size() - 2), std::string("GS2026")}) {
    auto r = client().get("/api/v1/verify/" + bad);
    ASSERT_EQ(r.status, 200) << r.body;
    auto v = r.json();
    EXPECT_EQ(v.at("result").as_string(), "forged") << bad;
    EXPECT_TRUE(v.at("profile").is_null());
    EXPECT_EQ(v.at("status_light").at("color").as_string(), "red");
  }
}

TEST_F(VerifyApi, RevokedCertificatesSayRevokedAndCannotBeRevokedTwice) {
  int64_t staff = own_staff();
  auto c = issued(staff, "enterprise");
  std::string serial = text(c, "serial");
  std::string path = "/api/v1/certificates/" + serial + "/revoke";
  EXPECT_EQ(client().post_json(path, R"({"reason":"测试吊销原因"})").status, 401);
  EXPECT_EQ(client().post_json(path, R"({})", token("enterprise")).error_code(), "missing_field");
  // A worker account that is not her, and an officer of another 市州, may not.
  auto other_worker = client().post_json(path, R"({"reason":"x"})", token("worker"));
  auto conn = database().acquire();
  int64_t demo_worker = conn->query("SELECT worker_id FROM users WHERE username = 'worker'")[0].get_int(0);
  if (demo_worker != staff) {
    EXPECT_EQ(other_worker.error_code(), "out_of_scope");
  }
  auto r = client().post_json(path, R"({"reason":"测试吊销原因"})", token("enterprise"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status").as_string(), "revoked");
  auto v = client().get("/api/v1/verify/" + text(c, "token")).json();
  EXPECT_EQ(v.at("result").as_string(), "revoked");
  EXPECT_EQ(v.at("status_light").at("color").as_string(), "red");
  EXPECT_FALSE(v.at("profile").is_null());
  // The reason is for the record, not for the public.
  EXPECT_EQ(json::serialize(v).find("测试吊销原因"), std::string::npos);
  auto again = client().post_json(path, R"({"reason":"again"})", token("admin"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "certificate_already_revoked");
  EXPECT_EQ(client().post_json("/api/v1/certificates/GS2026010199999999/revoke", R"({"reason":"x"})", token("admin"))
                .error_code(),
            "certificate_not_found");
}

TEST_F(VerifyApi, TheWorkerRevokesHerOwnCertificate) {
  int64_t me = 0;
  // The demo worker may not be verified (then nobody may issue to her): put a certificate on record directly;
  // revoking needs only the row.
  std::string serial = "GS20260101" + std::to_string(10000000 + ::getpid() % 89999999);
  {
    auto conn = database().acquire();
    me = conn->query("SELECT worker_id FROM users WHERE username = 'worker'")[0].get_int(0);
    conn->exec("INSERT INTO service_certificates (serial, worker_id, issued_on, expires_on, token) "
               "VALUES (?, ?, '2026-01-01', '2099-12-31', 'unsigned')",
               {serial, me});
  }
  auto mine = client().get("/api/v1/workers/" + std::to_string(me) + "/certificates", token("worker"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_GE(mine.json().at("total").as_int64(), 1);
  EXPECT_EQ(client().get("/api/v1/workers/" + std::to_string(own_staff()) + "/certificates", token("worker")).error_code(),
            me == own_staff() ? "" : "out_of_scope");
  auto r = client().post_json("/api/v1/certificates/" + serial + "/revoke", R"({"reason":"不再从事家政"})",
                              token("worker"));
  EXPECT_EQ(r.status, 200) << r.body;
  // A row that was never signed by the platform reads as forged on lookup.
  EXPECT_EQ(client().get("/api/v1/certificates/" + serial).json().at("result").as_string(), "forged");
}

TEST_F(VerifyApi, IssuingANewCertificateSupersedesTheCurrentOne) {
  int64_t worker = own_staff();
  auto first = issued(worker);
  auto second = issued(worker);
  EXPECT_NE(text(first, "serial"), text(second, "serial"));
  EXPECT_EQ(client().get("/api/v1/verify/" + text(first, "token")).json().at("result").as_string(), "revoked");
  EXPECT_EQ(client().get("/api/v1/verify/" + text(second, "token")).json().at("result").as_string(), "valid");
  auto list = client().get("/api/v1/workers/" + std::to_string(worker) + "/certificates", token("enterprise")).json();
  EXPECT_EQ(list.at("items").as_array()[0].at("serial").as_string(), text(second, "serial"));
  bool found = false;
  for (const auto& item : list.at("items").as_array())
    if (item.at("serial").as_string() == text(first, "serial")) {
      found = true;
      EXPECT_EQ(item.at("revoke_reason").as_string(), "superseded");
    }
  EXPECT_TRUE(found);
}

TEST_F(VerifyApi, PublicLookupBySerialGivesTheSameVerdict) {
  auto c = issued(own_staff());
  auto r = client().get("/api/v1/certificates/" + text(c, "serial"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto by_serial = r.json();
  auto by_token = client().get("/api/v1/verify/" + text(c, "token")).json();
  EXPECT_EQ(by_serial.at("result").as_string(), "valid");
  EXPECT_EQ(by_serial.at("profile"), by_token.at("profile"));
  EXPECT_EQ(by_serial.at("status_light"), by_token.at("status_light"));
  for (const char* unknown : {"GS2026010100000000", "nonsense", "GS20260101"}) {
    auto miss = client().get(std::string("/api/v1/certificates/") + unknown);
    EXPECT_EQ(miss.status, 404) << unknown;
    EXPECT_EQ(miss.error_code(), "certificate_not_found");
    EXPECT_EQ(miss.json().at("error").at("message").as_string(), "未找到该证书");
  }
}

TEST_F(VerifyApi, QrCodeIsAPngForThoseWhoMaySeeTheWorker) {
  int64_t staff = own_staff();
  auto c = issued(staff, "enterprise");
  std::string path = "/api/v1/certificates/" + text(c, "serial") + "/qr.png";
  auto r = client().get(path, token("enterprise"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "image/png");
  EXPECT_EQ(r.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_GT(r.body.size(), 300u);
  EXPECT_LT(r.body.size(), 8000u);
  EXPECT_EQ(client().get(path).status, 401);
  EXPECT_EQ(client().get(path, token("consumer")).error_code(), "forbidden");
  auto conn = database().acquire();
  std::string pref = conn->query("SELECT prefecture_code FROM workers WHERE id = ?", {staff})[0].get_text(0);
  auto officer = client().get(path, token("lanzhou"));
  EXPECT_EQ(officer.status, pref == "6201" ? 200 : 403);
  EXPECT_EQ(client().get("/api/v1/certificates/GS2026010100000000/qr.png", token("admin")).status, 404);
}

TEST_F(VerifyApi, PublishedKeyChecksTokensOfflineWithTheCli) {
  auto key = client().get("/api/v1/certificates/public-key");
  ASSERT_EQ(key.status, 200);
  auto k = key.json();
  EXPECT_EQ(k.at("algorithm").as_string(), "Ed25519");
  // With the 国密 suite (JZ_CRYPTO_SUITE=sm) new certificates are SM2-signed: check them with the SM2 key.
  const bool sm = !k.at("sm2").is_null();
  std::string pem = sm ? std::string(k.at("sm2").at("pem").as_string()) : text(k, "pem");
  EXPECT_EQ(pem.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  auto file = server().dir() / "published.pem";
  std::ofstream(file) << pem;
  auto json_file = server().dir() / "published.json";
  std::ofstream(json_file) << key.body;

  auto c = issued(own_staff());
  std::string t = text(c, "token");
  std::string out;
  EXPECT_EQ(server().run_command({"verify", t, "--key", file.string()}, &out), 0) << out;
  EXPECT_NE(out.find("valid"), std::string::npos) << out;
  EXPECT_NE(out.find(text(c, "serial")), std::string::npos) << out;
  EXPECT_EQ(server().run_command({"verify", text(c, "verify_url"), "--key", json_file.string()}, &out), 0) << out;
  std::string altered = t;
  altered[5] = altered[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(server().run_command({"verify", altered, "--key", file.string()}, &out), 1);
  EXPECT_NE(out.find("forged"), std::string::npos) << out;
  EXPECT_EQ(server().run_command({"verify", t, "--key", file.string(), "--today", "2100-01-01"}, &out), 1);
  EXPECT_NE(out.find("expired"), std::string::npos) << out;
  EXPECT_EQ(server().run_command({"verify", t, "--key", file.string(), "--today", "2000-01-01"}, &out), 1);
  EXPECT_NE(out.find("not yet valid"), std::string::npos) << out;
  // The key the server signs with is the one in its key directory, and no other verifies.
  std::ifstream pub(server().dir() / "keys" / "signing.pub");
  std::string line;
  std::getline(pub, line);
  EXPECT_EQ(line, text(k, "public_key"));
}

TEST_F(VerifyApi, ThePageShowsTheVerdictInChineseOrEnglish) {
  auto c = issued(own_staff());
  std::string path = "/v/" + text(c, "token");
  auto zh = client().get(path);
  ASSERT_EQ(zh.status, 200);
  EXPECT_EQ(zh.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(zh.body.find("证书有效"), std::string::npos);
  EXPECT_NE(zh.body.find("安心码"), std::string::npos);
  EXPECT_NE(zh.body.find(text(c, "serial")), std::string::npos);
  EXPECT_EQ(zh.body.find("<script"), std::string::npos);
  EXPECT_EQ(zh.body.find("id=app"), std::string::npos);  // not the SPA's index.html
  EXPECT_LT(zh.body.size(), 12000u);
  auto en = get_lang(path, "en");
  EXPECT_NE(en.body.find("Certificate valid"), std::string::npos);
  EXPECT_NE(en.body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(client().get(path + "?lang=en").body.find("Certificate valid"), std::string::npos);
  std::string altered = text(c, "token");
  altered[3] = altered[3] == 'A' ? 'B' : 'A';
  auto forged = client().get("/v/" + altered);
  EXPECT_EQ(forged.status, 200);
  EXPECT_NE(forged.body.find("伪造"), std::string::npos);
  EXPECT_NE(get_lang("/v/" + altered, "en").body.find("forged"), std::string::npos);
}

TEST_F(VerifyApi, PublicViewsAreAuditedForTheWorker) {
  int64_t worker = own_staff();
  auto c = issued(worker);
  ASSERT_EQ(client().get("/api/v1/verify/" + text(c, "token")).status, 200);
  ASSERT_EQ(client().get("/api/v1/certificates/" + text(c, "serial")).status, 200);
  // Written in batches about every 100 ms.
  int64_t n = 0;
  for (int i = 0; i < 50 && n < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto conn = database().acquire();
    n = conn->query(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.verify' AND object_id = ? AND subject_worker_id = ? "
        "AND actor_user_id IS NULL",
        {text(c, "serial"), worker})[0].get_int(0);
  }
  EXPECT_EQ(n, 2);
  auto issued_audit =
      client().get("/api/v1/audit?action=certificate.issue&object_id=" + text(c, "serial"), token("admin")).json();
  EXPECT_EQ(issued_audit.at("total").as_int64(), 1);
}

// A server of its own: the batched audit rows of public views are written before the process exits on SIGTERM.
TEST(VerifyLifecycle, PendingAuditRowsAreWrittenOnSigterm) {
  TestServer::Options opts;
  opts.workers = 20;
  TestServer server(opts);
  std::string admin = server.login("admin");
  auto db = db::open_database(server.database_url(), 1);
  int64_t worker = 0;
  {
    auto conn = db->acquire();
    worker = conn->query("SELECT MAX(id) FROM workers WHERE identity_status = 'verified'")[0].get_int(0);
  }
  auto r = server.client().post_json("/api/v1/workers/" + std::to_string(worker) + "/certificates", "", admin);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string t = std::string(r.json().at("token").as_string());
  for (int i = 0; i < 20; ++i) ASSERT_EQ(server.client().get("/api/v1/verify/" + t).status, 200);
  EXPECT_EQ(server.terminate(30), 0) << server.read_log();
  auto conn = db->acquire();
  EXPECT_EQ(conn->query("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.verify' AND subject_worker_id = ?",
                        {worker})[0]
                .get_int(0),
            20);
}

}  // namespace
}  // namespace jz::test
