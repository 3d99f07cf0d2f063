// The registry over real HTTP, on the backend named by JZ_TEST_BACKEND: enterprises and their listing
// (USCC held for review, transitions, history), labour brands and their members, transfer bases and service
// points with their members, workers (validation, duplicate person, masks, scope of every role, audit of full
// reads) and photos.
//
// The shared server holds other modules' test data too: the workers created here are born in 1960 (the
// demo population is 20-58 years old), and tests compare before/after instead of assuming empty tables.
// Every response body read through `call` is checked for a plaintext resident ID number.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <set>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/id_number.hpp"
#include "common/uscc.hpp"
#include "db/database.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kRegistryAccess(
    {
        {"POST /api/v1/enterprises", "province_admin,city_officer"},
        {"GET /api/v1/enterprises", "province_admin,department,city_officer,enterprise"},
        {"GET /api/v1/enterprises/{id}", "province_admin,department,city_officer,enterprise"},
        {"PATCH /api/v1/enterprises/{id}", "province_admin,city_officer,enterprise"},
        {"POST /api/v1/enterprises/{id}/listing", "province_admin,city_officer,enterprise"},
        {"GET /api/v1/enterprises/{id}/listing-events", "province_admin,department,city_officer,enterprise"},
        {"GET /api/v1/public/enterprises", "public"},
        {"POST /api/v1/labour-brands", "province_admin"},
        {"GET /api/v1/labour-brands/{id}", "public"},
        {"POST /api/v1/labour-brands/{id}/enterprises", "province_admin,city_officer"},
        {"DELETE /api/v1/labour-brands/{id}/enterprises/{enterprise_id}", "province_admin,city_officer"},
        {"POST /api/v1/transfer-bases", "province_admin,city_officer"},
        {"GET /api/v1/transfer-bases", "province_admin,department,city_officer,enterprise"},
        {"GET /api/v1/transfer-bases/{id}", "province_admin,department,city_officer,enterprise"},
        {"PATCH /api/v1/transfer-bases/{id}", "province_admin,city_officer"},
        {"GET /api/v1/transfer-bases/{id}/workers", "province_admin,department,city_officer,enterprise"},
        {"POST /api/v1/transfer-bases/{id}/workers", "province_admin,city_officer,enterprise"},
        {"DELETE /api/v1/transfer-bases/{id}/workers/{worker_id}", "province_admin,city_officer,enterprise"},
        {"POST /api/v1/institutions", "province_admin,city_officer"},
        {"GET /api/v1/institutions", "province_admin,department,city_officer,institution"},
        {"GET /api/v1/institutions/{id}", "province_admin,department,city_officer,institution"},
        {"PATCH /api/v1/institutions/{id}", "province_admin,city_officer"},
        {"GET /api/v1/public/institutions", "public"},
        {"GET /api/v1/public/institutions/{id}", "public"},
        {"POST /api/v1/service-points", "province_admin,city_officer"},
        {"GET /api/v1/service-points", "province_admin,department,city_officer,enterprise"},
        {"GET /api/v1/service-points/{id}", "province_admin,department,city_officer,enterprise"},
        {"PATCH /api/v1/service-points/{id}", "province_admin,city_officer"},
        {"GET /api/v1/service-points/{id}/workers", "province_admin,department,city_officer,enterprise"},
        {"POST /api/v1/service-points/{id}/workers", "province_admin,city_officer,enterprise"},
        {"DELETE /api/v1/service-points/{id}/workers/{worker_id}", "province_admin,city_officer,enterprise"},
        {"GET /api/v1/public/service-points", "public"},
        {"GET /api/v1/public/service-points/{id}", "public"},
        {"POST /api/v1/workers", "province_admin,city_officer,enterprise"},
        {"GET /api/v1/workers", "province_admin,department,city_officer,enterprise"},
        {"GET /api/v1/workers/me", "worker"},
        {"GET /api/v1/workers/{id}", "province_admin,department,city_officer,enterprise,worker"},
        {"PATCH /api/v1/workers/{id}", "province_admin,city_officer,enterprise,worker"},
        {"PUT /api/v1/workers/{id}/photo", "province_admin,city_officer,enterprise,worker"},
        {"GET /api/v1/workers/{id}/photo", "province_admin,department,city_officer,enterprise,worker"},
    },
    {{"id", "1"}, {"enterprise_id", "999999"}, {"worker_id", "999999"}, {"public_id", "zzzzzzzzzzzz"}});

// A valid resident ID number anywhere in `body` (the masking check of every response).
std::string find_id_number(const std::string& body) {
  static const std::regex kCandidate("[1-8][0-9]{16}[0-9X]");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kCandidate); it != std::sregex_iterator(); ++it)
    if (check_id_number(it->str(), "2100-01-01").valid) return it->str();
  return {};
}

const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + std::string(200, 'p');
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11) + std::string(300, 'j');

class RegistryApi : public ApiFixture<RegistryApi> {
 protected:
  static int64_t demo_enterprise() { return scalar("SELECT enterprise_id FROM users WHERE username = 'enterprise'"); }
  static int64_t demo_worker() { return scalar("SELECT worker_id FROM users WHERE username = 'worker'"); }

  // Every call goes through here: no response body may hold a plaintext ID number.
  static HttpResult call(const std::string& method, const std::string& target, const std::string& as,
                         const std::string& body = "", const std::string& content_type = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.token = as.empty() ? "" : token(as);
    if (!content_type.empty()) r.headers["Content-Type"] = content_type;
    auto res = client().send(r);
    EXPECT_EQ(find_id_number(res.body), "") << method << " " << target << " leaked an ID number";
    return res;
  }
  static HttpResult get(const std::string& target, const std::string& as = "") { return call("GET", target, as); }
  static HttpResult post(const std::string& target, const json::object& body, const std::string& as) {
    return call("POST", target, as, json::serialize(body));
  }
  static HttpResult patch(const std::string& target, const json::object& body, const std::string& as) {
    return call("PATCH", target, as, json::serialize(body));
  }

  // A fresh resident ID number of someone born in 1960 in `county` (never a demo worker), female by default.
  static std::string new_id_number(const std::string& county = "620102", bool female = true) {
    static int n = 0;
    ++n;
    int day = (::getpid() + n * 7) % 28 + 1;
    int month = n % 12 + 1;
    int seq = ((::getpid() / 28 + n * 37) % 500) * 2 + (female ? 0 : 1);
    char first17[18];
    std::snprintf(first17, sizeof first17, "%s1960%02d%02d%03d", county.c_str(), month, day, seq);
    return std::string(first17) + id_number_check_char(first17);
  }
  static json::object worker_body(const std::string& id_number, const std::string& county = "") {
    json::object o{{"name", "测试花"},
                   {"id_number", id_number},
                   {"phone", "13912345678"},
                   {"occupations", json::array{json::object{{"code", "elderly_care"}, {"level", 2}}}},
                   {"flags", json::array{"poverty_alleviated"}},
                   {"live_in", true},
                   {"hours_per_week", 48},
                   {"expected_wage", 4800},
                   {"work_scope", "cross_province"},
                   {"preferred_cities", json::array{"天津", "厦门"}}};
    if (!county.empty()) o["current_division_code"] = county;
    return o;
  }
  // Registers a worker as `as` and returns her JSON; fails the test otherwise.
  static json::object created_worker(const std::string& as, const std::string& county = "620102",
                                     json::object extra = {}) {
    json::object body = worker_body(new_id_number(county), county);
    for (const auto& [k, v] : extra) body[k] = v;
    auto r = post("/api/v1/workers", body, as);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  static std::string wpath(int64_t id, const std::string& tail = "") {
    return "/api/v1/workers/" + std::to_string(id) + tail;
  }
  static int64_t id_of(const json::object& o) { return o.contains("id") ? o.at("id").as_int64() : 0; }
  static std::string text(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }
  // The items of a list answer, by value (a range-for over r.json().at(...) would dangle).
  static json::array items(const HttpResult& r) {
    auto v = r.json();
    return v.at("items").as_array();
  }

  // A unique valid USCC registered in `county`; with `bad_check` its check character is wrong.
  static std::string new_uscc(const std::string& county, bool bad_check = false) {
    static int n = 0;
    char tail[32];
    std::snprintf(tail, sizeof tail, "%05d%04d", ::getpid() % 100000, ++n % 10000);
    std::string first17 = "91" + county + tail;
    char check = uscc_check_char(first17);
    if (bad_check) check = check == '1' ? '2' : '1';
    return first17 + check;
  }
  static json::object created_enterprise(const std::string& as, const std::string& county = "620102",
                                         bool bad_check = false) {
    static int n = 0;
    json::object body{{"uscc", new_uscc(county, bad_check)},
                      {"name", "测试家政服务有限公司" + std::to_string(::getpid()) + "-" + std::to_string(++n)},
                      {"division_code", county},
                      {"model", "employee_based"},
                      {"occupations", json::array{"housekeeping", "elderly_care"}}};
    auto r = post("/api/v1/enterprises", body, as);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  // A worker of the demo population matching `where`, not the demo worker, highest id first.
  static int64_t demo_population(const std::string& where) {
    int64_t me = demo_worker();  // before acquiring: the pool holds one connection
    auto conn = database().acquire();
    auto rows = conn->query("SELECT w.id FROM workers w WHERE " + where + " AND w.id <> ? ORDER BY w.id DESC LIMIT 1",
                            {me});
    EXPECT_FALSE(rows.empty()) << where;
    return rows.empty() ? 0 : rows[0].get_int(0);
  }
  // An enterprise account for enterprise `id`, made through the admin API (the link is set in the database,
  // as the account API does not take enterprise_id).
  static std::string enterprise_account(int64_t enterprise_id) {
    static int n = 0;
    std::string name = "ent" + std::to_string(::getpid() % 100000) + "x" + std::to_string(++n);
    auto r = client().post_json("/api/v1/users",
                                json::serialize(json::object{{"username", name}, {"password", "Secret2024x"},
                                                             {"role", "enterprise"}}),
                                token("admin"));
    EXPECT_EQ(r.status, 201) << r.body;
    auto conn = database().acquire();
    conn->exec("UPDATE users SET enterprise_id = ? WHERE username = ?", {enterprise_id, name});
    return name;
  }
  static std::string login_token(const std::string& user) { return server().login(user, "Secret2024x"); }
};

// ---- Workers -----------------------------------------------------------------------------------------------

TEST_F(RegistryApi, RegistersAWorkerWithDerivedFieldsAndMasks) {
  std::string id_number = new_id_number("620102");
  auto body = worker_body(id_number);
  // As county offices type it: full-width digits for the first four and a trailing ideographic space.
  std::string typed;
  for (size_t i = 0; i < 4; ++i) typed += "\xEF\xBC" + std::string(1, static_cast<char>(0x90 + (id_number[i] - '0')));
  typed += id_number.substr(4) + "\xE3\x80\x80";
  body["id_number"] = typed;
  auto r = post("/api/v1/workers", body, "admin");
  ASSERT_EQ(r.status, 201) << r.body;
  auto w = r.json().as_object();
  EXPECT_EQ(text(w, "id_number_mask"), id_number.substr(0, 4) + "************" + id_number.substr(16));
  EXPECT_EQ(text(w, "phone_mask"), "139****5678");
  EXPECT_EQ(text(w, "gender"), "F");
  EXPECT_EQ(w.at("birth_year").as_int64(), std::stoi(id_number.substr(6, 4)));  // the year only (docs/api.md, Masks)
  EXPECT_FALSE(w.contains("birth_date"));
  EXPECT_EQ(text(w, "native_division_code"), "620102");
  EXPECT_EQ(text(w, "current_division_code"), "620102");  // defaulted from the ID number
  EXPECT_EQ(text(w, "prefecture_code"), "6201");
  EXPECT_EQ(text(w, "prefecture_name"), "兰州市");
  EXPECT_EQ(text(w, "work_scope"), "cross_province");
  EXPECT_EQ(w.at("preferred_cities").as_array().size(), 2u);
  EXPECT_EQ(w.at("flags").as_array()[0].as_string(), "poverty_alleviated");
  EXPECT_EQ(w.at("occupations").as_array()[0].at("level").as_int64(), 2);
  EXPECT_EQ(text(w, "public_id").size(), 12u);
  EXPECT_EQ(r.body.find("13912345678"), std::string::npos);
  bool repaired = false;
  for (const auto& s : w.at("repairs").as_array()) repaired = repaired || s.as_string() == "id_number: full-width characters";
  EXPECT_TRUE(repaired) << r.body;

  // Stored encrypted, found by blind index: the plaintext is nowhere in the row.
  auto conn = database().acquire();
  auto rows = conn->query("SELECT * FROM workers WHERE id = ?", {id_of(w)});
  ASSERT_EQ(rows.size(), 1u);
  for (size_t i = 0; i < rows[0].size(); ++i) {
    EXPECT_EQ(rows[0].get_text(i).find(id_number), std::string::npos) << "column " << i;
    EXPECT_EQ(rows[0].get_text(i).find("13912345678"), std::string::npos) << "column " << i;
  }
}

TEST_F(RegistryApi, TheSamePersonCannotBeRegisteredTwice) {
  std::string id_number = new_id_number("620502");
  ASSERT_EQ(post("/api/v1/workers", worker_body(id_number), "admin").status, 201);
  // Typed differently (spaces, and the 15-digit form is not possible for 1960 + 18 digits): the same person.
  auto again = worker_body(id_number.substr(0, 6) + " " + id_number.substr(6));
  auto r = post("/api/v1/workers", again, "admin");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_code(), "duplicate_person");
  EXPECT_EQ(text(r.json().at("error"), "field"), "id_number");
  // Also through a city officer of that 市州? lanzhou cannot even try there; an enterprise gets the same answer.
  auto by_enterprise = post("/api/v1/workers", worker_body(id_number), "enterprise");
  EXPECT_EQ(by_enterprise.error_code(), "duplicate_person");
}

TEST_F(RegistryApi, EveryProblemOfARecordIsListed) {
  json::object body{{"name", ""},
                    {"id_number", "62010219600101001"},
                    {"phone", "123"},
                    {"occupations", json::array{json::object{{"code", "astronaut"}, {"level", 1}}}},
                    {"flags", json::array{"rich"}},
                    {"hours_per_week", 200},
                    {"work_scope", "abroad"},
                    {"labour_brand", "no_such_brand"}};
  auto r = post("/api/v1/workers", body, "admin");
  ASSERT_EQ(r.status, 400) << r.body;
  auto problems = r.json().at("error").at("problems").as_array();
  std::set<std::string> fields;
  for (const auto& p : problems) {
    fields.insert(text(p, "field"));
    EXPECT_FALSE(p.at("message").as_string().empty());
  }
  for (const char* f : {"name", "id_number", "phone", "occupations", "flags", "hours_per_week", "work_scope", "labour_brand"})
    EXPECT_TRUE(fields.count(f)) << f << " in " << r.body;
  EXPECT_EQ(text(r.json().at("error"), "code"), "missing_field");  // the first problem: the name
  // A 市州 code is not a county; a county outside Gansu is unknown.
  auto bad_county = post("/api/v1/workers", worker_body(new_id_number(), "110101"), "admin");
  EXPECT_EQ(bad_county.error_code(), "unknown_division");
}

TEST_F(RegistryApi, CityOfficerWorksOnlyInHerPrefecture) {
  // Lanzhou may register in 兰州 but not in 天水 (6205).
  auto own = created_worker("lanzhou", "620102");
  auto elsewhere = post("/api/v1/workers", worker_body(new_id_number("620502"), "620502"), "lanzhou");
  EXPECT_EQ(elsewhere.status, 403);
  EXPECT_EQ(elsewhere.error_code(), "out_of_scope");
  EXPECT_EQ(text(elsewhere.json().at("error"), "field"), "current_division_code");

  int64_t tianshui = demo_population("w.prefecture_code = '6205'");
  auto read = get(wpath(tianshui), "lanzhou");
  EXPECT_EQ(read.status, 403);
  EXPECT_EQ(read.error_code(), "out_of_scope");
  EXPECT_EQ(patch(wpath(tianshui), {{"expected_wage", 5000}}, "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(get(wpath(tianshui, "/photo"), "lanzhou").error_code(), "out_of_scope");

  // Her list holds only her 市州, whatever filter she asks for.
  auto list = get("/api/v1/workers?page_size=100", "lanzhou").json();
  ASSERT_GT(list.at("total").as_int64(), 0);
  for (const auto& w : list.at("items").as_array()) EXPECT_EQ(text(w, "prefecture_code"), "6201");
  EXPECT_EQ(get("/api/v1/workers?prefecture=6205", "lanzhou").json().at("total").as_int64(), 0);
  EXPECT_GT(get("/api/v1/workers?prefecture=6205", "admin").json().at("total").as_int64(), 0);

  // She cannot move her own worker out of her 市州 either.
  auto moved = patch(wpath(id_of(own)), {{"current_division_code", "620502"}}, "lanzhou");
  EXPECT_EQ(moved.status, 403);
  EXPECT_EQ(moved.error_code(), "out_of_scope");
  auto ok = patch(wpath(id_of(own)), {{"current_division_code", "620122"}}, "lanzhou");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(text(ok.json(), "current_division_code"), "620122");
}

TEST_F(RegistryApi, AnEnterpriseManagesOnlyItsOwnStaff) {
  int64_t own_enterprise = demo_enterprise();
  auto other = created_enterprise("admin", "620502");
  // An enterprise registers its own staff: enterprise_id is forced to its own.
  auto w = created_worker("enterprise", "620502", {{"enterprise_id", id_of(other)}});
  EXPECT_EQ(w.at("enterprise_id").as_int64(), own_enterprise);
  EXPECT_EQ(get(wpath(id_of(w)), "enterprise").status, 200);

  int64_t foreign = demo_population("(w.enterprise_id IS NULL OR w.enterprise_id <> " + std::to_string(own_enterprise) + ")");
  auto read = get(wpath(foreign), "enterprise");
  EXPECT_EQ(read.status, 403);
  EXPECT_EQ(read.error_code(), "out_of_scope");
  EXPECT_EQ(patch(wpath(foreign), {{"expected_wage", 5000}}, "enterprise").error_code(), "out_of_scope");
  EXPECT_EQ(call("PUT", wpath(foreign, "/photo"), "enterprise", kPng, "image/png").error_code(), "out_of_scope");

  auto list = get("/api/v1/workers?page_size=100", "enterprise").json();
  for (const auto& item : list.at("items").as_array()) EXPECT_EQ(item.at("enterprise_id").as_int64(), own_enterprise);
  EXPECT_EQ(list.at("total").as_int64(),
            scalar("SELECT COUNT(*) FROM workers WHERE enterprise_id = ?", {own_enterprise}));
  // It cannot hand its worker to another enterprise, nor see another enterprise.
  EXPECT_EQ(patch(wpath(id_of(w)), {{"enterprise_id", id_of(other)}}, "enterprise").error_code(), "field_not_editable");
  EXPECT_EQ(get("/api/v1/enterprises/" + std::to_string(id_of(other)), "enterprise").error_code(), "out_of_scope");
  auto mine = get("/api/v1/enterprises", "enterprise").json();
  ASSERT_EQ(mine.at("total").as_int64(), 1);
  EXPECT_EQ(mine.at("items").as_array()[0].at("id").as_int64(), own_enterprise);

  // A second enterprise account sees its own staff and not the first one's.
  std::string other_user = enterprise_account(id_of(other));
  std::string other_token = login_token(other_user);
  HttpRequest req;
  req.target = wpath(id_of(w));
  req.token = other_token;
  auto cross = client().send(req);
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(cross.error_code(), "out_of_scope");
}

TEST_F(RegistryApi, AWorkerSeesAndEditsOnlyHerself) {
  int64_t me = demo_worker();
  auto mine = get("/api/v1/workers/me", "worker");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("id").as_int64(), me);
  EXPECT_EQ(get(wpath(me), "worker").status, 200);
  int64_t someone = demo_population("1 = 1");
  auto other = get(wpath(someone), "worker");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.error_code(), "out_of_scope");
  EXPECT_EQ(patch(wpath(someone), {{"expected_wage", 1}}, "worker").error_code(), "out_of_scope");
  // She keeps her availability and wage up to date, not her household flags or her enterprise.
  auto wage = patch(wpath(me), {{"expected_wage", 5100}, {"live_in", false}}, "worker");
  ASSERT_EQ(wage.status, 200) << wage.body;
  EXPECT_EQ(wage.json().at("expected_wage").as_int64(), 5100);
  auto flags = patch(wpath(me), {{"flags", json::array{"graduate"}}}, "worker");
  EXPECT_EQ(flags.status, 400);
  EXPECT_EQ(flags.error_code(), "field_not_editable");
  // Nobody edits the ID number; departments read but do not edit.
  auto id_edit = patch(wpath(me), {{"id_number", new_id_number()}}, "admin");
  EXPECT_EQ(id_edit.error_code(), "field_not_editable");
  EXPECT_EQ(text(id_edit.json().at("error"), "field"), "id_number");
  EXPECT_EQ(patch(wpath(me), {{"expected_wage", 1}}, "dept").error_code(), "forbidden");
  EXPECT_EQ(get("/api/v1/workers", "worker").error_code(), "forbidden");
  EXPECT_EQ(post("/api/v1/workers", worker_body(new_id_number()), "worker").error_code(), "forbidden");
  EXPECT_EQ(get(wpath(me)).error_code(), "unauthenticated");
}

TEST_F(RegistryApi, EditsRevalidateTheRecord) {
  auto w = created_worker("admin");
  auto r = patch(wpath(id_of(w)),
                 {{"occupations", json::array{json::object{{"code", "maternity_care"}, {"level", 4}}}},
                  {"flags", json::object{{"monitored", true}, {"poverty_alleviated", false}}},
                  {"phone", "+86 138-0013-8000"},
                  {"labour_brand", "longyuan_mei"}},
                 "admin");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j.at("occupations").as_array().size(), 1u);
  EXPECT_EQ(j.at("occupations").as_array()[0].at("level").as_int64(), 4);
  EXPECT_EQ(j.at("flags").as_array().size(), 1u);
  EXPECT_EQ(text(j, "phone_mask"), "138****8000");
  EXPECT_EQ(text(j, "labour_brand_code"), "longyuan_mei");
  auto bad = patch(wpath(id_of(w)), {{"hours_per_week", 0}, {"work_scope", "moon"}}, "admin");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("problems").as_array().size(), 2u);
  EXPECT_EQ(get(wpath(id_of(w)), "admin").json().at("hours_per_week").as_int64(), 48);  // nothing half-changed
}

TEST_F(RegistryApi, FullReadsAreAuditedWithTheirSubject) {
  int64_t someone = demo_population("w.prefecture_code = '6201'");
  int64_t before = scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.view' AND subject_worker_id = ?", {someone});
  ASSERT_EQ(get(wpath(someone), "lanzhou").status, 200);
  ASSERT_EQ(get(wpath(someone), "admin").status, 200);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.view' AND subject_worker_id = ? AND sensitive = 1",
                   {someone}),
            before + 2);
  {
    auto conn = database().acquire();  // released before scalar() needs the pool's one connection
    auto last = conn->query(
        "SELECT actor_username, object_id, summary FROM audit_log WHERE action = 'worker.view' AND subject_worker_id = ? "
        "ORDER BY id DESC",
        {someone});
    ASSERT_GE(last.size(), 2u);
    EXPECT_EQ(last[0].get_text(0), "admin");
    EXPECT_EQ(last[1].get_text(0), "lanzhou");
    EXPECT_EQ(last[0].get_text(1), std::to_string(someone));
  }
  // A denied read leaves no trace of a view; the worker's own read is audited too.
  int64_t tianshui = demo_population("w.prefecture_code = '6205'");
  int64_t t_before = scalar("SELECT COUNT(*) FROM audit_log WHERE subject_worker_id = ?", {tianshui});
  EXPECT_EQ(get(wpath(tianshui), "lanzhou").status, 403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE subject_worker_id = ?", {tianshui}), t_before);
  int64_t me_before = scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.view' AND subject_worker_id = ?",
                             {demo_worker()});
  get("/api/v1/workers/me", "worker");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.view' AND subject_worker_id = ?",
                   {demo_worker()}),
            me_before + 1);
  // Audit summaries never carry the plaintext.
  auto conn = database().acquire();
  auto summaries = conn->query("SELECT summary FROM audit_log WHERE object_type = 'worker'");
  for (const auto& s : summaries) EXPECT_EQ(find_id_number(s.get_text(0)), "");
}

TEST_F(RegistryApi, ListsFilterAndPage) {
  auto a = created_worker("admin", "620502", {{"labour_brand", "tianshui_baiwawa"}});
  auto by_brand = get("/api/v1/workers?brand=tianshui_baiwawa&county=620502&page_size=100", "admin").json();
  bool found = false;
  for (const auto& w : by_brand.at("items").as_array()) {
    EXPECT_EQ(text(w, "labour_brand_code"), "tianshui_baiwawa");
    EXPECT_EQ(text(w, "current_division_code"), "620502");
    found = found || w.at("id").as_int64() == id_of(a);
  }
  EXPECT_TRUE(found);
  for (const auto& w : items(get("/api/v1/workers?flag=poverty_alleviated&gender=F&occupation=elderly_care&page_size=50", "admin"))) {
    bool flagged = false;
    for (const auto& f : w.at("flags").as_array()) flagged = flagged || f.as_string() == "poverty_alleviated";
    EXPECT_TRUE(flagged);
    EXPECT_EQ(text(w, "gender"), "F");
  }
  auto page1 = get("/api/v1/workers?page=1&page_size=5", "admin").json();
  auto page2 = get("/api/v1/workers?page=2&page_size=5", "admin").json();
  EXPECT_EQ(page1.at("items").as_array().size(), 5u);
  EXPECT_NE(page1.at("items").as_array()[0].at("id"), page2.at("items").as_array()[0].at("id"));
  EXPECT_EQ(page1.at("total"), page2.at("total"));
  EXPECT_EQ(get("/api/v1/workers?page_size=500", "admin").error_code(), "invalid_field");
  EXPECT_EQ(get("/api/v1/workers?flag=rich", "admin").error_code(), "invalid_field");
  // q: a name prefix, or an exact ID number found through its blind index.
  auto by_name = get("/api/v1/workers?q=%E6%B5%8B%E8%AF%95&page_size=100", "admin").json();  // 测试
  EXPECT_GE(by_name.at("total").as_int64(), 1);
  std::string id_number = new_id_number("620102");
  auto created = post("/api/v1/workers", worker_body(id_number), "admin");
  ASSERT_EQ(created.status, 201);
  auto by_id = get("/api/v1/workers?q=" + id_number, "admin").json();
  ASSERT_EQ(by_id.at("total").as_int64(), 1);
  EXPECT_EQ(by_id.at("items").as_array()[0].at("id").as_int64(), created.json().at("id").as_int64());
}

TEST_F(RegistryApi, PhotosAreCheckedAndServedOnlyWithinScope) {
  auto w = created_worker("admin");
  std::string public_id = text(w, "public_id");
  auto put = call("PUT", wpath(id_of(w), "/photo"), "lanzhou", kPng, "image/png");
  EXPECT_EQ(put.status, 204) << put.body;
  auto mine = get(wpath(id_of(w), "/photo"), "admin");
  EXPECT_EQ(mine.status, 200);
  EXPECT_EQ(mine.header("Content-Type"), "image/png");
  EXPECT_EQ(mine.body, kPng);
  EXPECT_EQ(mine.header("X-Content-Type-Options"), "nosniff");
  // No public route by public id any more (the verify page serves a photo by certificate token).
  EXPECT_EQ(get("/api/v1/public/workers/" + public_id + "/photo").status, 404);
  EXPECT_EQ(get(wpath(id_of(w), "/photo")).status, 401);
  // The type comes from the bytes, not from the header.
  EXPECT_EQ(call("PUT", wpath(id_of(w), "/photo"), "admin", kJpeg, "image/png").status, 204);
  EXPECT_EQ(get(wpath(id_of(w), "/photo"), "admin").header("Content-Type"), "image/jpeg");
  auto gif = call("PUT", wpath(id_of(w), "/photo"), "admin", "GIF89a........", "image/gif");
  EXPECT_EQ(gif.status, 415);
  EXPECT_EQ(gif.error_code(), "unsupported_photo_type");
  auto big = call("PUT", wpath(id_of(w), "/photo"), "admin", kPng + std::string(2 * 1024 * 1024, 'x'), "image/png");
  EXPECT_EQ(big.status, 413);
  EXPECT_TRUE(get(wpath(id_of(w)), "admin").json().at("has_photo").as_bool());
}

// ---- Enterprises ---------------------------------------------------------------------------------------

TEST_F(RegistryApi, EnterpriseRegistrationChecksTheCode) {
  auto e = created_enterprise("lanzhou", "620102");
  EXPECT_TRUE(e.at("uscc_check_ok").as_bool());
  EXPECT_FALSE(e.at("held_for_review").as_bool());
  EXPECT_EQ(text(e, "listing_status"), "applied");
  EXPECT_EQ(text(e, "prefecture_code"), "6201");
  EXPECT_EQ(e.at("occupations").as_array().size(), 2u);
  // The same code twice, a code of the wrong shape, a county outside her 市州.
  json::object dup{{"uscc", text(e, "uscc")}, {"name", "重复"}, {"division_code", "620102"}, {"model", "mixed"}};
  auto r = post("/api/v1/enterprises", dup, "admin");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "duplicate_uscc");
  dup["uscc"] = "91620102ABC";
  EXPECT_EQ(post("/api/v1/enterprises", dup, "admin").error_code(), "invalid_uscc");
  json::object far{{"uscc", new_uscc("620502")}, {"name", "天水某公司"}, {"division_code", "620502"}, {"model", "mixed"}};
  EXPECT_EQ(post("/api/v1/enterprises", far, "lanzhou").error_code(), "out_of_scope");
  dup["uscc"] = new_uscc("620102");
  dup["model"] = "franchise";
  EXPECT_EQ(post("/api/v1/enterprises", dup, "admin").error_code(), "invalid_field");
  EXPECT_EQ(post("/api/v1/enterprises", dup, "enterprise").error_code(), "forbidden");
}

TEST_F(RegistryApi, AFailingCheckCharacterIsHeldForAnOfficialsReview) {
  auto e = created_enterprise("admin", "620102", true);
  EXPECT_FALSE(e.at("uscc_check_ok").as_bool());
  EXPECT_TRUE(e.at("held_for_review").as_bool());
  EXPECT_EQ(text(e, "listing_status"), "applied");
  std::string path = "/api/v1/enterprises/" + std::to_string(id_of(e)) + "/listing";
  // Approval of a held code is explicit: a reason is required.
  auto no_reason = post(path, {{"status", "approved"}}, "lanzhou");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.error_code(), "missing_field");
  auto ok = post(path, {{"status", "approved"}, {"reason", "核对营业执照原件，代码为早期试点发放"}}, "lanzhou");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(text(ok.json(), "listing_status"), "approved");
  EXPECT_FALSE(ok.json().at("held_for_review").as_bool());
  EXPECT_FALSE(ok.json().at("uscc_check_ok").as_bool());  // the fact stays; the hold is lifted
}

TEST_F(RegistryApi, ListingTransitionsAreCheckedAndKept) {
  auto e = created_enterprise("admin", "620502");
  std::string base = "/api/v1/enterprises/" + std::to_string(id_of(e));
  // Lanzhou's officer is not this enterprise's officer; departments do not act on listings.
  EXPECT_EQ(post(base + "/listing", {{"status", "approved"}}, "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(post(base + "/listing", {{"status", "approved"}}, "dept").error_code(), "forbidden");
  EXPECT_EQ(post(base + "/listing", {{"status", "suspended"}, {"reason", "x"}}, "admin").status, 409);
  ASSERT_EQ(post(base + "/listing", {{"status", "approved"}}, "admin").status, 200);
  auto again = post(base + "/listing", {{"status", "approved"}}, "admin");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_code(), "invalid_transition");
  EXPECT_EQ(post(base + "/listing", {{"status", "applied"}}, "admin").status, 409);
  EXPECT_EQ(post(base + "/listing", {{"status", "suspended"}}, "admin").error_code(), "missing_field");
  ASSERT_EQ(post(base + "/listing", {{"status", "suspended"}, {"reason", "投诉查实，停业整顿"}}, "admin").status, 200);
  EXPECT_EQ(post(base + "/listing", {{"status", "deleted"}}, "admin").error_code(), "invalid_field");

  // The enterprise itself may only re-apply.
  std::string account = enterprise_account(id_of(e));
  HttpRequest approve{"POST", base + "/listing", R"({"status":"approved"})", {}, login_token(account)};
  EXPECT_EQ(client().send(approve).error_code(), "official_only");
  HttpRequest reapply{"POST", base + "/listing", R"({"status":"applied","reason":"整改完成"})", {}, approve.token};
  auto re = client().send(reapply);
  ASSERT_EQ(re.status, 200) << re.body;
  EXPECT_EQ(text(re.json(), "listing_status"), "applied");

  auto events = get(base + "/listing-events", "admin").json();
  auto items = events.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_TRUE(items[0].at("from_status").is_null());
  EXPECT_EQ(text(items[0], "status"), "applied");
  EXPECT_EQ(text(items[1], "status"), "approved");
  EXPECT_EQ(text(items[2], "status"), "suspended");
  EXPECT_EQ(text(items[2], "reason"), "投诉查实，停业整顿");
  EXPECT_EQ(text(items[2], "actor_username"), "admin");
  EXPECT_EQ(text(items[3], "from_status"), "suspended");
  EXPECT_EQ(text(items[3], "actor_role"), "enterprise");
  EXPECT_EQ(get(base + "/listing-events", "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(get(base + "/listing-events", "dept").status, 200);
}

TEST_F(RegistryApi, EnterprisesAreEditedWithinTheirLimits) {
  auto e = created_enterprise("admin", "620102");
  std::string path = "/api/v1/enterprises/" + std::to_string(id_of(e));
  auto r = patch(path, {{"is_leading", true}, {"occupations", json::array{"infant_care"}}, {"address", "城关区某路1号"}},
                 "lanzhou");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("is_leading").as_bool());
  EXPECT_EQ(r.json().at("occupations").as_array().size(), 1u);
  EXPECT_EQ(patch(path, {{"uscc", new_uscc("620102")}}, "admin").error_code(), "field_not_editable");
  EXPECT_EQ(patch(path, {{"listing_status", "approved"}}, "admin").error_code(), "field_not_editable");
  EXPECT_EQ(patch(path, {{"division_code", "620502"}}, "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(patch(path, {{"occupations", json::array{"astronaut"}}}, "admin").error_code(), "unknown_occupation");
  // Its own account keeps its profile but cannot crown itself a leading enterprise.
  std::string account = enterprise_account(id_of(e));
  std::string t = login_token(account);
  HttpRequest own{"PATCH", path, R"({"model":"mixed","address":"新地址"})", {}, t};
  EXPECT_EQ(client().send(own).status, 200);
  HttpRequest crown{"PATCH", path, R"({"is_leading":true})", {}, t};
  EXPECT_EQ(client().send(crown).error_code(), "field_not_editable");
  // Lists: filters, and a city officer's list holds her 市州 only.
  auto list = get("/api/v1/enterprises?prefecture=6201&model=mixed&page_size=100", "admin").json();
  bool found = false;
  for (const auto& item : list.at("items").as_array()) {
    EXPECT_EQ(text(item, "prefecture_code"), "6201");
    EXPECT_EQ(text(item, "model"), "mixed");
    found = found || item.at("id").as_int64() == id_of(e);
  }
  EXPECT_TRUE(found);
  for (const auto& item : items(get("/api/v1/enterprises?page_size=100", "lanzhou")))
    EXPECT_EQ(text(item, "prefecture_code"), "6201");
  EXPECT_EQ(get("/api/v1/enterprises?prefecture=6205", "lanzhou").json().at("total").as_int64(), 0);
  // The public directory lists approved enterprises only, without the code check details.
  for (const auto& item : items(get("/api/v1/public/enterprises?page_size=100"))) {
    EXPECT_EQ(text(item, "listing_status"), "approved");
    EXPECT_FALSE(item.as_object().contains("uscc"));
  }
}

// ---- Brands ----------------------------------------------------------------------------------------------

TEST_F(RegistryApi, BrandsAreAddedAndGatherMembers) {
  std::string code = "test_brand_" + std::to_string(::getpid() % 100000);
  json::object body{{"code", code},
                    {"name", "测试品牌" + std::to_string(::getpid() % 100000)},
                    {"home_division_code", "6205"},
                    {"occupations", json::array{"housekeeping", "infant_care"}}};
  EXPECT_EQ(post("/api/v1/labour-brands", body, "lanzhou").error_code(), "forbidden");
  auto r = post("/api/v1/labour-brands", body, "admin");
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t brand = r.json().at("id").as_int64();
  EXPECT_EQ(text(r.json(), "home_division_name"), "天水市");
  EXPECT_EQ(post("/api/v1/labour-brands", body, "admin").error_code(), "duplicate_labour_brand");
  body["code"] = "Bad Code";
  EXPECT_EQ(post("/api/v1/labour-brands", body, "admin").error_code(), "invalid_field");

  // The reference list shows it; its public page counts members.
  bool listed = false;
  for (const auto& b : items(get("/api/v1/labour-brands"))) listed = listed || text(b, "code") == code;
  EXPECT_TRUE(listed);
  std::string bpath = "/api/v1/labour-brands/" + std::to_string(brand);
  EXPECT_EQ(get(bpath).json().at("worker_count").as_int64(), 0);
  created_worker("admin", "620502", {{"labour_brand", code}});
  created_worker("admin", "620502", {{"labour_brand_id", brand}});
  EXPECT_EQ(get(bpath).json().at("worker_count").as_int64(), 2);
  EXPECT_EQ(get("/api/v1/labour-brands/" + code).json().at("id").as_int64(), brand);

  auto lanzhou_ent = created_enterprise("admin", "620102");
  auto tianshui_ent = created_enterprise("admin", "620502");
  EXPECT_EQ(post(bpath + "/enterprises", {{"enterprise_id", id_of(tianshui_ent)}}, "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(post(bpath + "/enterprises", {{"enterprise_id", id_of(lanzhou_ent)}}, "lanzhou").status, 201);
  EXPECT_EQ(post(bpath + "/enterprises", {{"enterprise_id", id_of(lanzhou_ent)}}, "lanzhou").status, 200);  // already
  EXPECT_EQ(post(bpath + "/enterprises", {{"enterprise_id", id_of(tianshui_ent)}}, "admin").status, 201);
  auto b = get(bpath).json();
  EXPECT_EQ(b.at("enterprise_count").as_int64(), 2);
  auto ent = get("/api/v1/enterprises/" + std::to_string(id_of(lanzhou_ent)), "admin").json();
  ASSERT_EQ(ent.at("brands").as_array().size(), 1u);
  EXPECT_EQ(text(ent.at("brands").as_array()[0], "code"), code);
  EXPECT_EQ(call("DELETE", bpath + "/enterprises/" + std::to_string(id_of(tianshui_ent)), "lanzhou").error_code(),
            "out_of_scope");
  EXPECT_EQ(call("DELETE", bpath + "/enterprises/" + std::to_string(id_of(lanzhou_ent)), "lanzhou").status, 204);
  EXPECT_EQ(call("DELETE", bpath + "/enterprises/" + std::to_string(id_of(lanzhou_ent)), "lanzhou").status, 404);
  EXPECT_EQ(get(bpath).json().at("enterprise_count").as_int64(), 1);
  EXPECT_EQ(get("/api/v1/labour-brands/999999").status, 404);
}

// ---- Transfer bases, institutions, service points ----------------------------------------------------

TEST_F(RegistryApi, UnitsAreScopedByPrefectureAndHideContactPhones) {
  json::object point{{"name", "城关区巾帼家政社区网点"},
                     {"division_code", "620102"},
                     {"address", "城关区某街道"},
                     {"contact_name", "李站长"},
                     {"contact_phone", "13800001111"}};
  auto r = post("/api/v1/service-points", point, "lanzhou");
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.json().at("id").as_int64();
  EXPECT_EQ(text(r.json(), "contact_phone_mask"), "138****1111");
  EXPECT_EQ(r.body.find("13800001111"), std::string::npos);
  point["division_code"] = "620502";
  EXPECT_EQ(post("/api/v1/service-points", point, "lanzhou").error_code(), "out_of_scope");
  point["contact_phone"] = "not a phone";
  point["division_code"] = "620102";
  EXPECT_EQ(post("/api/v1/service-points", point, "admin").error_code(), "invalid_mobile");

  auto base = post("/api/v1/transfer-bases",
                   {{"name", "秦州区劳务输转基地"}, {"division_code", "620502"}, {"contact_phone", "0938-8211111"}}, "admin");
  ASSERT_EQ(base.status, 201) << base.body;
  std::string base_path = "/api/v1/transfer-bases/" + std::to_string(base.json().at("id").as_int64());
  EXPECT_EQ(get(base_path, "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(patch(base_path, {{"name", "x"}}, "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(get(base_path, "dept").status, 200);
  for (const auto& item : items(get("/api/v1/transfer-bases?page_size=100", "lanzhou")))
    EXPECT_EQ(text(item, "prefecture_code"), "6201");

  auto inst = post("/api/v1/institutions",
                   {{"name", "兰州家政职业培训学校"}, {"division_code", "620102"}, {"kind", "school"},
                    {"contact_phone", "13900002222"}, {"occupations", json::array{"maternity_care"}}},
                   "lanzhou");
  ASSERT_EQ(inst.status, 201) << inst.body;
  int64_t inst_id = inst.json().at("id").as_int64();
  auto renamed = patch("/api/v1/institutions/" + std::to_string(inst_id), {{"contact_phone", nullptr}}, "lanzhou");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_TRUE(renamed.json().at("contact_phone_mask").is_null());

  // The public sees names and divisions, never a contact phone (not even masked) or contact person.
  auto pub_points = get("/api/v1/public/service-points?county=620102&page_size=100");
  ASSERT_EQ(pub_points.status, 200);
  EXPECT_EQ(pub_points.body.find("contact"), std::string::npos);
  EXPECT_NE(pub_points.body.find("城关区巾帼家政社区网点"), std::string::npos);
  auto pub_point = get("/api/v1/public/service-points/" + std::to_string(id));
  EXPECT_EQ(pub_point.status, 200);
  EXPECT_EQ(pub_point.body.find("contact"), std::string::npos);
  auto pub_inst = get("/api/v1/public/institutions/" + std::to_string(inst_id));
  EXPECT_EQ(text(pub_inst.json(), "kind"), "school");
  EXPECT_EQ(pub_inst.body.find("contact"), std::string::npos);
  EXPECT_EQ(get("/api/v1/public/institutions?page_size=100").body.find("contact"), std::string::npos);
}

TEST_F(RegistryApi, MembersAreAddedWithinScope) {
  auto base = post("/api/v1/transfer-bases", {{"name", "榆中县劳务输转基地"}, {"division_code", "620123"}}, "lanzhou");
  ASSERT_EQ(base.status, 201) << base.body;
  std::string path = "/api/v1/transfer-bases/" + std::to_string(base.json().at("id").as_int64());
  auto own = created_worker("lanzhou", "620102");
  int64_t tianshui = demo_population("w.prefecture_code = '6205'");
  EXPECT_EQ(post(path + "/workers", {{"worker_id", tianshui}}, "lanzhou").error_code(), "out_of_scope");
  EXPECT_EQ(post(path + "/workers", {{"worker_id", id_of(own)}}, "lanzhou").status, 201);
  EXPECT_EQ(post(path + "/workers", {{"worker_id", id_of(own)}}, "lanzhou").status, 200);
  EXPECT_EQ(post(path + "/workers", {{"worker_id", tianshui}}, "admin").status, 201);
  // Each sees the members in her own scope only.
  EXPECT_EQ(get(path + "/workers", "admin").json().at("total").as_int64(), 2);
  auto lz = get(path + "/workers", "lanzhou").json();
  ASSERT_EQ(lz.at("total").as_int64(), 1);
  EXPECT_EQ(lz.at("items").as_array()[0].at("id").as_int64(), id_of(own));
  auto full = get(wpath(id_of(own)), "lanzhou").json();
  ASSERT_EQ(full.at("transfer_bases").as_array().size(), 1u);
  EXPECT_EQ(call("DELETE", path + "/workers/" + std::to_string(tianshui), "lanzhou").status, 204);
  EXPECT_EQ(call("DELETE", path + "/workers/" + std::to_string(tianshui), "lanzhou").status, 404);
  EXPECT_EQ(get(path, "admin").json().at("member_count").as_int64(), 1);

  // A service point run by the demo enterprise: it adds its own staff, not others.
  auto point = post("/api/v1/service-points",
                    {{"name", "企业自营网点"}, {"division_code", "620102"}, {"enterprise_id", demo_enterprise()}}, "admin");
  ASSERT_EQ(point.status, 201) << point.body;
  std::string ppath = "/api/v1/service-points/" + std::to_string(point.json().at("id").as_int64());
  auto staff = created_worker("enterprise", "620102");
  EXPECT_EQ(post(ppath + "/workers", {{"worker_id", id_of(staff)}}, "enterprise").status, 201);
  int64_t stranger = demo_population("(w.enterprise_id IS NULL OR w.enterprise_id <> " + std::to_string(demo_enterprise()) + ")");
  EXPECT_EQ(post(ppath + "/workers", {{"worker_id", stranger}}, "enterprise").error_code(), "out_of_scope");
  EXPECT_EQ(get(ppath, "enterprise").status, 200);
  EXPECT_EQ(patch(ppath, {{"name", "改名"}}, "enterprise").error_code(), "forbidden");
  EXPECT_EQ(get(path, "enterprise").error_code(), "out_of_scope");  // a base it does not run
  auto listed = get("/api/v1/service-points", "enterprise").json();
  for (const auto& item : listed.at("items").as_array()) EXPECT_EQ(item.at("enterprise_id").as_int64(), demo_enterprise());
  EXPECT_EQ(post(path + "/workers", {{"worker_id", 999999}}, "admin").status, 404);
}

}  // namespace
}  // namespace jz::test
