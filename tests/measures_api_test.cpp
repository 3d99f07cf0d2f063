// The thirteen measures' task board over real HTTP, on the backend named by JZ_TEST_BACKEND: the measures and
// their departments as the plan names them; tasks created by the province admin or a department for itself;
// the owning department reports progress and evidence, another department cannot (the attack: 省商务厅's
// official edits, reports on or attaches to 省人社厅's task → 403, and nothing changed); figures the platform
// knows equal the dashboard's; overdue tasks are flagged; the per-department view holds that department only.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <unistd.h>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "api_requests.hpp"
#include "common/time.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kMeasuresAccess(
    {
        {"GET /api/v1/supervision/measures", "province_admin,department,city_officer"},
        {"POST /api/v1/supervision/measures/{measure}/tasks", "province_admin,department"},
        {"GET /api/v1/supervision/tasks/{task}", "province_admin,department,city_officer"},
        {"PUT /api/v1/supervision/tasks/{task}", "province_admin,department"},
        {"POST /api/v1/supervision/tasks/{task}/progress", "department"},
        {"POST /api/v1/supervision/tasks/{task}/files", "department"},
        {"GET /api/v1/supervision/tasks/{task}/files/{file}", "province_admin,department,city_officer"},
    },
    {{"measure", "99"}, {"task", "999999999"}, {"file", "999999999"}});  // none exists: the access test changes nothing

// Percent-encodes a query value (the department names are Chinese).
std::string enc(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += static_cast<char>(c);
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class MeasuresApi : public ApiFixture<MeasuresApi> {
 protected:
  static HttpResult send(const std::string& method, const std::string& target, const std::string& tok,
                         const json::value& body = json::object{}) {
    return client().send(json_request(method, target, tok, body));
  }
  static HttpResult upload(const std::string& target, const std::string& tok, const std::string& bytes) {
    HttpRequest r;
    r.method = "POST";
    r.target = target;
    r.token = tok;
    r.body = bytes;
    r.headers["Content-Type"] = "application/octet-stream";
    return client().send(r);
  }
  // A task of measure `m` for `department`, created by the province admin; its id.
  static int64_t make_task(int m, const std::string& department, const std::string& deadline,
                           const json::object& extra = {}) {
    json::object body{{"title", "测试任务 " + std::to_string(::getpid())},
                      {"department", department},
                      {"deadline", deadline},
                      {"owner", "测试处"},
                      {"target", 10},
                      {"unit", "项"}};
    for (const auto& [k, v] : extra) body[k] = v;
    auto r = send("POST", "/api/v1/supervision/measures/" + std::to_string(m) + "/tasks", token("admin"), body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static json::object board(const std::string& query, const std::string& as) {
    auto r = client().get("/api/v1/supervision/measures" + query, token(as));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).as_object();
  }
  static json::object find_task(const json::object& b, int64_t id) {
    for (const auto& m : b.at("measures").as_array())
      for (const auto& t : m.at("tasks").as_array())
        if (t.at("id").as_int64() == id) return t.as_object();
    return {};
  }
};

TEST_F(MeasuresApi, BoardListsTheThirteenMeasuresWithThePlansDepartments) {
  for (const char* who : {"admin", "dept", "lanzhou"}) {
    json::object b = board("", who);
    const auto& ms = b.at("measures").as_array();
    ASSERT_EQ(ms.size(), 13u) << who;
    EXPECT_EQ(ms[0].at("title").as_string(), "壮大家政服务市场主体");
    EXPECT_EQ(ms[0].at("lead").as_string(), "省商务厅");
    EXPECT_EQ(ms[9].at("lead").as_string(), "省住建厅");
    json::array partners12 = ms[11].at("partners").as_array();
    ASSERT_EQ(partners12.size(), 3u);
    EXPECT_EQ(partners12[0].as_string(), "国家金融监督管理总局甘肃监管局");
    EXPECT_EQ(b.at("departments").as_array().size(), 16u);
  }
  EXPECT_EQ(board("", "dept").at("my_department").as_string(), "省人社厅");
  EXPECT_EQ(board("", "commerce").at("my_department").as_string(), "省商务厅");
  EXPECT_TRUE(board("", "admin").at("my_department").is_null());
  // The demo board has a task for every measure's lead.
  json::object b = board("", "admin");
  for (const auto& m : b.at("measures").as_array()) {
    bool lead_has = false;
    for (const auto& t : m.at("tasks").as_array())
      lead_has = lead_has || t.at("department").as_string() == m.at("lead").as_string();
    EXPECT_TRUE(lead_has) << m.at("title").as_string();
  }
  EXPECT_EQ(client().get("/api/v1/supervision/measures", token("enterprise")).status, 403);
  auto unknown = client().get("/api/v1/supervision/measures?department=" + enc("省卫健委"), token("admin"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.error_field(), "department");
}

TEST_F(MeasuresApi, PerDepartmentViewHoldsOnlyThatDepartmentsMeasuresAndTasks) {
  json::object b = board("?department=" + enc("省税务局"), "lanzhou");
  const auto& ms = b.at("measures").as_array();
  ASSERT_EQ(ms.size(), 1u);  // 省税务局 is named by measure (九) only
  EXPECT_EQ(ms[0].at("number").as_int64(), 9);
  for (const auto& m : ms)
    for (const auto& t : m.at("tasks").as_array()) EXPECT_EQ(t.at("department").as_string(), "省税务局");
  EXPECT_EQ(b.at("totals").at("tasks").as_int64(),
            scalar("SELECT COUNT(*) FROM measure_tasks WHERE department = '省税务局'"));
}

TEST_F(MeasuresApi, AnotherDepartmentCannotEditReportOnOrAttachToATask) {
  const int64_t id = make_task(4, "省人社厅", "2099-12-31");
  const std::string path = "/api/v1/supervision/tasks/" + std::to_string(id);
  const std::string& commerce = token("commerce");  // 省商务厅 is a partner of measure (四), not the owner
  // The attack: 省商务厅 rewrites 省人社厅's task, reports progress for it, marks it done, attaches evidence.
  auto edit = send("PUT", path, commerce, json::object{{"target", 1}, {"deadline", "2099-01-01"}});
  EXPECT_EQ(edit.status, 403) << edit.body;
  EXPECT_EQ(edit.error_code(), "out_of_scope");
  auto report = send("POST", path + "/progress", commerce,
                     json::object{{"note", "已完成"}, {"progress", 10}, {"status", "done"}});
  EXPECT_EQ(report.status, 403) << report.body;
  auto file = upload(path + "/files?name=x.pdf", commerce, "%PDF-1.4\n%%EOF\n");
  EXPECT_EQ(file.status, 403) << file.body;
  auto take = send("PUT", path, commerce, json::object{{"department", "省商务厅"}});
  EXPECT_EQ(take.status, 403) << take.body;
  // Nothing changed.
  EXPECT_EQ(scalar("SELECT target FROM measure_tasks WHERE id = ?", {id}), 10);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM measure_task_updates WHERE task_id = ?", {id}), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM measure_task_files WHERE task_id = ?", {id}), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM measure_tasks WHERE id = ? AND status = 'not_started' AND department = "
                   "'省人社厅'", {id}), 1);
  // A city officer reads the board but writes nothing; the province admin sets terms but does not report.
  EXPECT_EQ(send("PUT", path, token("lanzhou"), json::object{{"target", 1}}).status, 403);
  EXPECT_EQ(send("POST", path + "/progress", token("admin"), json::object{{"note", "x"}}).status, 403);
  EXPECT_EQ(client().get(path, token("lanzhou")).status, 200);
}

TEST_F(MeasuresApi, OwningDepartmentReportsProgressAndEvidence) {
  const int64_t id = make_task(4, "省人社厅", "2099-12-31");
  const std::string path = "/api/v1/supervision/tasks/" + std::to_string(id);
  const std::string& dept = token("dept");
  auto r = send("POST", path + "/progress", dept, json::object{{"note", "已举办专场招聘 6 场"}, {"progress", 6}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("status").as_string(), "in_progress");
  EXPECT_EQ(r.json().at("progress").as_int64(), 6);
  EXPECT_EQ(r.json().at("update_log").as_array().size(), 1u);
  // She may change her own task's terms, not move it to another department.
  EXPECT_EQ(send("PUT", path, dept, json::object{{"owner", "就业促进处"}}).status, 200);
  EXPECT_EQ(send("PUT", path, dept, json::object{{"department", "省商务厅"}}).status, 403);
  // Evidence: a PDF is kept with its digest; a text file is refused by its bytes, whatever its name; too large → 413.
  const std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n";
  auto up = upload(path + "/files?name=" + "%E6%8B%9B%E8%81%98.pdf", dept, pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json().at("name").as_string(), "招聘.pdf");
  EXPECT_EQ(up.json().at("content_type").as_string(), "application/pdf");
  int64_t file_id = up.json().at("id").as_int64();
  auto bad = upload(path + "/files?name=a.pdf", dept, "<html>not a pdf</html>");
  EXPECT_EQ(bad.status, 415) << bad.body;
  EXPECT_EQ(bad.error_code(), "unsupported_evidence_type");
  auto big = upload(path + "/files?name=b.pdf", dept, "%PDF-" + std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(big.status, 413) << big.body;
  auto got = client().get(path + "/files/" + std::to_string(file_id), token("lanzhou"));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, pdf);
  EXPECT_EQ(got.header("Content-Type"), "application/pdf");
  EXPECT_EQ(client().get("/api/v1/supervision/tasks/" + std::to_string(id + 100000) + "/files/" +
                             std::to_string(file_id), token("admin")).status, 404);
  auto done = send("POST", path + "/progress", dept, json::object{{"note", "全部完成"}, {"progress", 10}, {"status", "done"}});
  ASSERT_EQ(done.status, 201) << done.body;
  auto detail = client().get(path, token("admin")).json().as_object();
  EXPECT_EQ(detail.at("status").as_string(), "done");
  EXPECT_EQ(detail.at("update_log").as_array().size(), 2u);
  EXPECT_EQ(detail.at("file_list").as_array().size(), 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'measure_task.progress' AND object_id = ?",
                   {std::to_string(id)}), 2);
  // Bad input.
  EXPECT_EQ(send("POST", path + "/progress", dept, json::object{{"note", ""}}).status, 400);
  EXPECT_EQ(send("POST", path + "/progress", dept, json::object{{"note", "x"}, {"status", "finished"}}).status, 400);
}

TEST_F(MeasuresApi, TasksAreForTheDepartmentsTheMeasureNames) {
  // 省税务局 is not named by measure (一): the admin cannot give it a task there.
  auto r = send("POST", "/api/v1/supervision/measures/1/tasks", token("admin"),
                json::object{{"title", "x"}, {"department", "省税务局"}, {"deadline", "2099-01-01"}, {"owner", "x"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "department");
  // 省农业农村厅 adds a task for itself on (三), which names it — not for 省人社厅, not on (一), which does not.
  const std::string& agri = token("agri");
  json::object body{{"title", "摸排安置区家政就业意愿"}, {"deadline", "2099-06-30"}, {"owner", "乡村产业发展处"}};
  auto own = send("POST", "/api/v1/supervision/measures/3/tasks", agri, body);
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json().at("department").as_string(), "省农业农村厅");
  body["department"] = "省人社厅";
  EXPECT_EQ(send("POST", "/api/v1/supervision/measures/3/tasks", agri, body).status, 403);
  body.erase("department");
  EXPECT_EQ(send("POST", "/api/v1/supervision/measures/1/tasks", agri, body).status, 403);
  EXPECT_EQ(send("POST", "/api/v1/supervision/measures/14/tasks", token("admin"), body).status, 404);
  body["deadline"] = "2099-02-30";
  body["department"] = "省人社厅";
  EXPECT_EQ(send("POST", "/api/v1/supervision/measures/3/tasks", token("admin"), body).error_field(), "deadline");
}

TEST_F(MeasuresApi, PlatformFiguresFillInAndEqualTheDashboard) {
  const std::string year = today_beijing().substr(0, 4);
  const int64_t listed = make_task(1, "省商务厅", year + "-12-31", json::object{{"metric", "enterprises_listed"}});
  const int64_t trained = make_task(5, "省商务厅", year + "-12-31",
                                    json::object{{"metric", "trainee_times"}, {"target", nullptr}});
  const int64_t paid = make_task(9, "省人社厅", year + "-12-31", json::object{{"metric", "subsidies_paid_yuan"}});
  auto d = client().get("/api/v1/supervision/dashboard?period=" + year, token("admin")).json().as_object();
  const auto& totals = d.at("totals").as_object();
  json::object b = board("", "admin");
  auto t1 = find_task(b, listed), t2 = find_task(b, trained), t3 = find_task(b, paid);
  EXPECT_TRUE(t1.at("automatic").as_bool());
  EXPECT_EQ(t1.at("progress").as_int64(), totals.at("enterprises").at("listed").as_int64());
  EXPECT_EQ(t2.at("progress").as_int64(), totals.at("training").at("trainee_times").as_int64());
  EXPECT_EQ(t2.at("target").as_int64(), totals.at("training").at("target").as_int64());  // the year's target
  EXPECT_EQ(t3.at("progress").as_int64(), totals.at("subsidies").at("yuan").as_int64());
  // … and with the SQL itself: listed enterprises registered by today.
  EXPECT_EQ(t1.at("progress").as_int64(),
            scalar("SELECT COUNT(*) FROM enterprises WHERE listing_status = 'approved'"));
  // A department cannot overwrite a figure the platform knows.
  auto r = send("POST", "/api/v1/supervision/tasks/" + std::to_string(paid) + "/progress", token("dept"),
                json::object{{"note", "已发放"}, {"progress", 999999999}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "progress");
}

TEST_F(MeasuresApi, OverdueTasksStandOut) {
  const int64_t late = make_task(6, "省农业农村厅", "2020-01-31");
  const int64_t ahead = make_task(6, "省农业农村厅", "2099-01-31");
  json::object b = board("?department=" + enc("省农业农村厅"), "agri");
  EXPECT_TRUE(find_task(b, late).at("overdue").as_bool());
  EXPECT_FALSE(find_task(b, ahead).at("overdue").as_bool());
  json::object only = board("?overdue=true", "admin");
  for (const auto& m : only.at("measures").as_array())
    for (const auto& t : m.at("tasks").as_array()) EXPECT_TRUE(t.at("overdue").as_bool());
  EXPECT_FALSE(find_task(only, late).empty());
  // Done is no longer overdue.
  auto r = send("POST", "/api/v1/supervision/tasks/" + std::to_string(late) + "/progress", token("agri"),
                json::object{{"note", "已完成"}, {"status", "done"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.json().at("overdue").as_bool());
}

TEST_F(MeasuresApi, DepartmentAccountsAreThePlansDepartments) {
  auto r = send("POST", "/api/v1/accounts", token("admin"),
                json::object{{"username", "dep-x-" + std::to_string(::getpid())},
                             {"role", "department"},
                             {"division_code", "62"},
                             {"department", "省卫健委"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "department");
  auto ok = send("POST", "/api/v1/accounts", token("admin"),
                 json::object{{"username", "dep-y-" + std::to_string(::getpid())},
                              {"role", "department"},
                              {"division_code", "62"},
                              {"department", "省妇联"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

}  // namespace
}  // namespace jz::test
