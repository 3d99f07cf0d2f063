// What the systems around the platform read, checked with their own tools over real HTTP: Prometheus's promtool
// on a live /metrics scrape and on the shipped alert rules and scrape config, xmllint on the RSS feed (with a
// posting whose description carries U+000B, which XML 1.0 forbids), a structural JSON Feed 1.1 check, and the
// warning that public_url is still the default.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <set>

#include "api_fixture.hpp"
#include "common/id_number.hpp"
#include "db/database.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// Runs `cmd` with `input` on its standard input (through a file); returns its output and exit status.
std::pair<std::string, int> run_with_input(const std::string& cmd, const std::string& input) {
  fs::path in = fs::temp_directory_path() / ("jz-interop-" + std::to_string(::getpid()) + ".in");
  std::ofstream(in, std::ios::binary) << input;
  std::string out;
  FILE* f = popen((cmd + " < " + in.string() + " 2>&1").c_str(), "r");
  if (!f) return {"popen failed", -1};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int status = pclose(f);
  fs::remove(in);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

class Interop : public ApiFixture<Interop> {};

TEST_F(Interop, MetricsPassPromtoolAndTheCounterIsACounter) {
  ASSERT_EQ(client().get("/readyz").status, 200);
  auto m = client().get("/metrics");
  ASSERT_EQ(m.status, 200);
  auto [out, rc] = run_with_input("promtool check metrics", m.body);
  EXPECT_EQ(rc, 0) << out << "\n" << m.body.substr(0, 2000);
  EXPECT_EQ(out.find("_total\" suffix"), std::string::npos) << out;  // a gauge named like a counter, or the reverse
  EXPECT_NE(m.body.find("# TYPE jz_db_pool_waits_total counter"), std::string::npos);
  EXPECT_NE(m.body.find("# TYPE jz_db_pool_in_use gauge"), std::string::npos);
  // Every metric operations.md lists is served, and every served family is listed there.
  std::ifstream doc(std::string(JZ_SOURCE_DIR) + "/docs/operations.md");
  std::string text((std::istreambuf_iterator<char>(doc)), {});
  for (size_t at = 0; (at = m.body.find("# TYPE ", at)) != std::string::npos; at += 7) {
    std::string name = m.body.substr(at + 7, m.body.find(' ', at + 7) - at - 7);
    EXPECT_NE(text.find("`" + name + "`"), std::string::npos) << name << " is not documented in docs/operations.md";
  }
}

TEST_F(Interop, ShippedAlertRulesAndScrapeConfigPassPromtool) {
  const std::string dir = std::string(JZ_SOURCE_DIR) + "/docs/prometheus/";
  auto [rules, rc1] = run_with_input("promtool check rules " + dir + "alerts.yml", "");
  EXPECT_EQ(rc1, 0) << rules;
  EXPECT_NE(rules.find("SUCCESS"), std::string::npos) << rules;
  auto [config, rc2] = run_with_input("promtool check config --syntax-only " + dir + "scrape.yml", "");
  EXPECT_EQ(rc2, 0) << config;
  // The rules query metrics the server really serves.
  auto m = client().get("/metrics").body;
  std::ifstream f(dir + "alerts.yml");
  std::string yml((std::istreambuf_iterator<char>(f)), {});
  for (std::string name : {"jz_http_requests_total", "jz_http_request_duration_seconds_bucket", "jz_db_pool_in_use",
                           "jz_db_pool_size", "jz_db_pool_waits_total"}) {
    EXPECT_NE(yml.find(name), std::string::npos) << name;
    EXPECT_NE(m.find(name), std::string::npos) << name;
  }
}

TEST_F(Interop, DefaultPublicUrlIsWarnedAtStartAndOnReadyz) {
  // The shared test server runs without --public-url.
  auto r = client().get("/readyz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.rfind("ready\n", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("warning: public_url is the default http://localhost:8080"), std::string::npos) << r.body;
  EXPECT_NE(server().read_log().find("public_url is the default"), std::string::npos);
}

TEST_F(Interop, NoWarningWithARealPublicUrlAndFeedsUseIt) {
  TestServer::Options opts;
  opts.workers = 5;
  opts.extra_args = {"--public-url", "https://jz.gansu.example"};
  TestServer own(opts);
  auto r = own.client().get("/readyz");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ready\n");
  EXPECT_EQ(own.read_log().find("public_url is the default"), std::string::npos);
  auto feed = own.client().get("/api/v1/jobs/feed.json");
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.json().at("home_page_url").as_string(), "https://jz.gansu.example/jobs");
  auto rss = own.client().get("/api/v1/jobs/feed.rss");
  EXPECT_NE(rss.body.find("<atom:link href=\"https://jz.gansu.example/api/v1/jobs/feed.rss\" rel=\"self\""),
            std::string::npos)
      << rss.body.substr(0, 600);
}

TEST_F(Interop, RssIsWellFormedEvenWithAControlCharacterInAPosting) {
  json::object job{{"title", "竖排制表符岗位"},
                   {"occupation", "housekeeping"},
                   {"division_code", "620102"},
                   {"wage_min", 3000},
                   {"wage_max", 5000},
                   {"openings", 1},
                   {"description", "每周六天\x0B含午餐 & <住宿>"}};
  auto posted = client().post_json("/api/v1/jobs", json::serialize(job), token("enterprise"));
  ASSERT_EQ(posted.status, 201) << posted.body;
  auto rss = client().get("/api/v1/jobs/feed.rss?prefecture=6201&page_size=200");
  ASSERT_EQ(rss.status, 200);
  ASSERT_NE(rss.body.find("竖排制表符岗位"), std::string::npos) << "the posting must be in the feed for this test";
  EXPECT_EQ(rss.body.find('\x0B'), std::string::npos);
  auto [out, rc] = run_with_input("xmllint --noout -", rss.body);
  EXPECT_EQ(rc, 0) << out;
  // RSS 2.0 with the channel's language and an Atom self link; items link absolutely.
  auto [xp, rc2] = run_with_input(
      "xmllint --xpath 'concat(/rss/channel/language, \"|\", "
      "/rss/channel/*[local-name()=\"link\" and namespace-uri()=\"http://www.w3.org/2005/Atom\"]/@rel, \"|\", "
      "substring(/rss/channel/item[1]/link, 1, 7))' -",
      rss.body);
  EXPECT_EQ(rc2, 0) << xp;
  while (!xp.empty() && (xp.back() == '\n' || xp.back() == ' ')) xp.pop_back();
  EXPECT_EQ(xp, "zh-cn|self|http://") << xp;
  // Occupations by name, not code.
  EXPECT_NE(rss.body.find("<category>家政服务员（日常保洁）</category>"), std::string::npos);
}

TEST_F(Interop, JsonFeedIsAJsonFeed11WithAbsoluteUrlsAndLabels) {
  auto r = client().get("/api/v1/jobs/feed.json?page_size=5");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("Content-Type").find("application/feed+json"), std::string::npos);
  auto feed = r.json().as_object();
  // Structure per https://jsonfeed.org/version/1.1: version and title required; items with a unique string id;
  // URLs absolute; content_text or content_html on every item; RFC 3339 dates; extensions start with "_".
  EXPECT_EQ(feed.at("version").as_string(), "https://jsonfeed.org/version/1.1");
  EXPECT_FALSE(feed.at("title").as_string().empty());
  auto absolute = [](const json::value& v) {
    std::string s(v.as_string());
    return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
  };
  EXPECT_TRUE(absolute(feed.at("home_page_url")));
  EXPECT_TRUE(absolute(feed.at("feed_url")));
  ASSERT_TRUE(feed.contains("next_url")) << "five per page; the demo has more open jobs";
  EXPECT_TRUE(absolute(feed.at("next_url")));
  EXPECT_NE(std::string(feed.at("next_url").as_string()).find("page=2"), std::string::npos);
  for (const auto& [k, v] : feed)
    EXPECT_TRUE(k == "version" || k == "title" || k == "home_page_url" || k == "feed_url" || k == "description" ||
                k == "language" || k == "items" || k == "next_url" || k.starts_with("_"))
        << "unknown top-level key " << k;
  const auto& items = feed.at("items").as_array();
  ASSERT_EQ(items.size(), 5u);
  std::set<std::string> ids;
  for (const auto& iv : items) {
    const auto& item = iv.as_object();
    ASSERT_TRUE(item.at("id").is_string());
    EXPECT_TRUE(ids.insert(std::string(item.at("id").as_string())).second);
    EXPECT_TRUE(absolute(item.at("url")));
    EXPECT_FALSE(item.at("content_text").as_string().empty());
    std::string date(item.at("date_published").as_string());
    EXPECT_TRUE(date.size() >= 20 && date[4] == '-' && date[10] == 'T' && date.back() == 'Z') << date;
    // Labels, not codes: the occupation's name is a tag and its code appears nowhere but in the extension.
    std::string code(item.at("_jiazheng").at("occupation").as_string());
    std::string label(item.at("_jiazheng").at("occupation_name").as_string());
    EXPECT_NE(label, code);
    EXPECT_EQ(item.at("tags").as_array()[0].as_string(), label);
    EXPECT_EQ(std::string(item.at("content_text").as_string()).find(code), std::string::npos);
  }
}

// The suite the servers of this run use (JZ_CRYPTO_SUITE, passed through to every jiazheng process).
std::string configured_suite() {
  const char* s = std::getenv("JZ_CRYPTO_SUITE");
  return s && std::string(s) == "sm" ? "sm" : "standard";
}

TEST_F(Interop, PersonalDataIsStoredInTheConfiguredSuitesFormat) {
  const int expected = configured_suite() == "sm" ? 0x02 : 0x01;
  auto conn = database().acquire();
  auto rows = conn->query("SELECT id_number_enc FROM workers ORDER BY id LIMIT 20");
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) EXPECT_EQ(r.get_blob(0).at(0), expected);
  // And the server finds people by blind index in that suite: the same person imported twice is a duplicate.
  char first17[18];
  std::snprintf(first17, sizeof first17, "620102%04d0615%03d", 1960 + static_cast<int>(::getpid() % 40),
                static_cast<int>(::getpid() % 500) * 2);
  const std::string id = std::string(first17) + id_number_check_char(first17);
  HttpRequest req;
  req.method = "POST";
  req.target = "/api/v1/imports/workers";
  req.token = token("admin");
  req.headers["Content-Type"] = "text/csv; charset=utf-8";
  req.body = "姓名,身份证号码,现居住地\n王套件," + id + ",620102\n";
  auto first = client().send(req);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("imported").as_int64(), 1) << first.body;
  auto again = client().send(req);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("imported").as_int64(), 0);
  EXPECT_EQ(again.json().at("problems").as_array().at(0).at("code").as_string(), "duplicate_person") << again.body;
}

// `keys rotate --crypto-suite` moves every value to the other suite and recomputes the blind indexes from the
// decrypted values; moving back restores the very same indexes (so they were computed from the right values).
TEST_F(Interop, KeysRotateMovesDataBetweenSuites) {
  TestServer::Options opts;
  opts.workers = 8;
  TestServer own(opts);
  ASSERT_EQ(own.terminate(), 0);
  auto db = db::open_database(own.database_url(), 1);
  auto snapshot = [&] {
    auto conn = db->acquire();
    return conn->query("SELECT id, id_number_enc, id_number_bidx, phone_enc, phone_bidx FROM workers ORDER BY id");
  };
  auto before = snapshot();
  ASSERT_GE(before.size(), 8u);
  const std::string origin = configured_suite(), other = origin == "sm" ? "standard" : "sm";
  const std::vector<std::string> base = {"--database", own.database_url(), "--key-dir", (own.dir() / "keys").string()};
  auto rotate = [&](const std::string& suite) {
    std::vector<std::string> args = {"keys", "rotate", "--crypto-suite", suite};
    args.insert(args.end(), base.begin(), base.end());
    std::string out;
    EXPECT_EQ(own.run_command(args, &out), 0) << out;
    return out;
  };
  std::string out = rotate(other);
  EXPECT_NE(out.find("(" + other + " suite)"), std::string::npos) << out;
  auto moved = snapshot();
  ASSERT_EQ(moved.size(), before.size());
  for (size_t i = 0; i < moved.size(); ++i) {
    EXPECT_EQ(moved[i].get_blob(1).at(0), other == "sm" ? 0x02 : 0x01);
    EXPECT_NE(moved[i].get_blob(2), before[i].get_blob(2)) << "the blind index follows the suite";
  }
  rotate(origin);
  auto back = snapshot();
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].get_blob(1).at(0), origin == "sm" ? 0x02 : 0x01);
    EXPECT_EQ(back[i].get_blob(2), before[i].get_blob(2));
    if (!before[i].is_null(4)) {
      EXPECT_EQ(back[i].get_blob(4), before[i].get_blob(4));
    }
  }
}

}  // namespace
}  // namespace jz::test
