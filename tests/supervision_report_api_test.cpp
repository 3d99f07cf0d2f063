// The monthly report over real HTTP, on the backend named by JZ_TEST_BACKEND: the PDF read back with poppler's
// pdftotext shows every key figure equal to the dashboard's answer for the same month and scope, and the task
// count of the board; the XLSX holds the same figures (read with unzip); a city officer's report is her 市州's; bad months refused.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "access_table.hpp"
#include "api_fixture.hpp"
#include "common/time.hpp"
#include "test_server.hpp"

namespace jz::test {
namespace {

namespace json = boost::json;

const AccessRows kReportAccess({{"GET /api/v1/supervision/report", "province_admin,department,city_officer"}});

class SupervisionReportApi : public ApiFixture<SupervisionReportApi> {
 protected:
  // Runs `cmd` and returns its standard output.
  static std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
  }
  static std::filesystem::path save(const std::string& bytes, const std::string& ext) {
    static int n = 0;
    auto path = std::filesystem::temp_directory_path() /
                ("jz-report-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ext);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // The figure on the line that is `label` and a number (pdftotext -layout keeps a table row on one line).
  static int64_t figure(const std::string& text, const std::string& label) {
    std::regex re("(^|\\n)\\s*" + label + "\\s+(\\d+)\\s*(\\n|$)");
    std::smatch m;
    if (!std::regex_search(text, m, re)) return -1;
    return std::stoll(m[2].str());
  }
  static const std::vector<std::tuple<std::string, const char*, const char*>>& labels() {
    static const std::vector<std::tuple<std::string, const char*, const char*>> k = {
        {"企业总数", "enterprises", "total"},         {"已上平台企业", "enterprises", "listed"},
        {"登记服务员", "workers", "registered"},       {"本月新登记服务员", "workers", "new"},
        {"身份已核验", "workers", "identity_verified"}, {"持有效上门服务证", "workers", "certified"},
        {"体检有效", "workers", "health_checked"},     {"已参保", "workers", "insured"},
        {"脱贫人口", "workers", "poverty_alleviated"}, {"培训人次", "training", "trainee_times"},
        {"在岗就业", "employment", "employed"},        {"省外转移", "employment", "out_of_province"},
        {"脱贫人口就业", "employment", "poverty_employed"}, {"评价条数", "reviews", "count"},
        {"收到投诉", "complaints", "received"},        {"办结投诉", "complaints", "closed"},
        {"补贴发放笔数", "subsidies", "payments"},     {"补贴发放金额（元）", "subsidies", "yuan"},
    };
    return k;
  }
  static void expect_pdf_equals_dashboard(const std::string& as, const std::string& extra) {
    const std::string month = today_beijing().substr(0, 7);
    auto pdf = client().get("/api/v1/supervision/report?format=pdf&month=" + month + extra, token(as));
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    ASSERT_EQ(pdf.body.substr(0, 5), "%PDF-");
    auto path = save(pdf.body, ".pdf");
    const std::string text = run("pdftotext -layout -enc UTF-8 '" + path.string() + "' -");
    std::filesystem::remove(path);
    ASSERT_FALSE(text.empty()) << "pdftotext (poppler-utils) read nothing";
    auto d = client().get("/api/v1/supervision/dashboard?period=" + month + extra, token(as)).json();
    const auto& totals = d.at("totals").as_object();
    for (const auto& [label, section, field] : labels())
      EXPECT_EQ(figure(text, label), totals.at(section).at(field).to_number<int64_t>()) << as << " " << label << "\n" << text;
    auto board = client().get("/api/v1/supervision/measures", token(as)).json();
    EXPECT_NE(text.find("任务 " + std::to_string(board.at("totals").at("tasks").as_int64()) + " 项"), std::string::npos) << text;
    EXPECT_NE(text.find("十三项任务"), std::string::npos);
    EXPECT_NE(text.find("堵点难点"), std::string::npos);
  }
};

TEST_F(SupervisionReportApi, PdfFiguresEqualTheDashboard) {
  expect_pdf_equals_dashboard("admin", "");
  expect_pdf_equals_dashboard("dept", "&prefecture=6201");
}

TEST_F(SupervisionReportApi, CityOfficersReportIsHerPrefectures) {
  expect_pdf_equals_dashboard("lanzhou", "");
  const std::string month = today_beijing().substr(0, 7);
  auto other = client().get("/api/v1/supervision/report?format=pdf&month=" + month + "&prefecture=6202", token("lanzhou"));
  EXPECT_EQ(other.status, 403) << other.body;
}

TEST_F(SupervisionReportApi, XlsxHoldsTheSameFigures) {
  const std::string month = today_beijing().substr(0, 7);
  auto x = client().get("/api/v1/supervision/report?format=xlsx&month=" + month, token("admin"));
  ASSERT_EQ(x.status, 200) << x.body;
  ASSERT_EQ(x.body.substr(0, 2), "PK");
  auto path = save(x.body, ".xlsx");
  const std::string strings = run("unzip -p '" + path.string() + "' 'xl/*.xml' 'xl/worksheets/*.xml'");
  std::filesystem::remove(path);
  auto d = client().get("/api/v1/supervision/dashboard?period=" + month, token("admin")).json();
  for (const char* s : {"主要指标", "登记服务员", "十三项任务", "堵点难点", "壮大家政服务市场主体"})
    EXPECT_NE(strings.find(s), std::string::npos) << s;
  EXPECT_NE(strings.find("<t>" + std::to_string(d.at("totals").at("workers").at("registered").as_int64()) + "</t>"),
            std::string::npos);
}

TEST_F(SupervisionReportApi, RefusesBadMonthsAndFormats) {
  EXPECT_EQ(client().get("/api/v1/supervision/report?month=2026-13", token("admin")).status, 400);
  EXPECT_EQ(client().get("/api/v1/supervision/report?month=2026", token("admin")).status, 400);
  EXPECT_EQ(client().get("/api/v1/supervision/report?month=2026-01&format=doc", token("admin")).status, 400);
  EXPECT_EQ(client().get("/api/v1/supervision/report?month=2026-01", token("enterprise")).status, 403);
}

}  // namespace
}  // namespace jz::test
