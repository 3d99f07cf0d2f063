// Household services' benchmark (bench/services_bench.sh runs it; disabled in ordinary test runs, and it
// asserts only correctness, never time). Prints "BENCH <name> <value>" lines for the script.
//   ServicesBench.DISABLED_ContractPdfs      JZ_BENCH_PDFS (1000) contract PDFs rendered on this one thread
//   ServicesBench.DISABLED_ListOrders        over JZ_BENCH_ORDERS (1,000,000) orders in JZ_BENCH_DATABASE: the
//                                             first page (20, with the total) of a household's and of an
//                                             enterprise's orders, JZ_BENCH_RUNS (1000) times each; p50/p99 ms
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "db/database.hpp"
#include "db/migrate.hpp"
#include "services/pdf.hpp"
#include "services/rules.hpp"
#include "services/store.hpp"

namespace jz::services {
namespace {

int64_t env_int(const char* name, int64_t def) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoll(v) : def;
}
double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

ContractView sample_view(int i) {
  ContractView v;
  v.tmpl.code = "employee_based";
  v.tmpl.version = 1;
  v.tmpl.title = "家政服务合同（员工制）";
  auto rows = parse_csv(*embedded_file("data/contracts/clauses.csv"));
  for (size_t r = 1; r < rows.size(); ++r)
    if (rows[r][0] == "employee_based") v.tmpl.clauses.push_back({std::stoi(rows[r][2]), rows[r][3], rows[r][4]});
  v.order.id = 1000 + i;
  v.order.service_type = "elderly_care";
  v.order.mode = "live_in";
  v.contract.id = i + 1;
  v.contract.version = 1;
  v.contract.fields.monthly_wage = 3000 + i % 1000;
  v.contract.fields.service_content = "照护一位八十岁老人的起居、饮食和服药，陪同散步和就医。";
  v.contract.fields.period_from = "2026-12-01";
  v.contract.fields.period_to = "2027-11-30";
  v.consumer_name = "王秀兰";
  v.worker_name = "李梅";
  v.worker_id_mask = "620102********1234";
  v.worker_phone_mask = "138****5678";
  v.enterprise_name = "兰州安心家政服务有限公司";
  v.enterprise_uscc = "91620102MA00000000";
  v.county_name = "兰州市城关区";
  return v;
}

TEST(ServicesBench, DISABLED_ContractPdfs) {
  const int64_t n = env_int("JZ_BENCH_PDFS", 1000);
  // One warm-up render loads the fonts, as a running server has done long before.
  auto warm = sample_view(0);
  ASSERT_EQ(render_pdf(contract_text(warm), {"t", "https://x/v/c/t", "footer", {}}).substr(0, 5), "%PDF-");
  size_t bytes = 0;
  auto t = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    auto v = sample_view(static_cast<int>(i));
    auto blocks = contract_text(v);
    v.contract.content_sha256 = content_digest(blocks);
    PdfMeta meta{v.tmpl.title, "https://jiazheng.example/v/c/AwEAAAABAAGexampletokenexampletokenexampletoken",
                 "模板 employee_based 第 1 版 · SHA-256 " + v.contract.content_sha256,
                 {"各方确认：", "甲方（消费者）：尚未确认", "乙方（家政企业）：尚未确认"}};
    auto pdf = render_pdf(blocks, meta);
    bytes += pdf.size();
    if (i == 0)  // JZ_BENCH_PDF_OUT=file keeps one for pdffonts / pdfinfo
      if (const char* out = std::getenv("JZ_BENCH_PDF_OUT"); out && *out) std::ofstream(out, std::ios::binary) << pdf;
  }
  double ms = ms_since(t);
  std::cout << "BENCH pdfs " << n << "\nBENCH pdf_seconds " << ms / 1000 << "\nBENCH pdfs_per_second "
            << n / (ms / 1000) << "\nBENCH pdf_mean_bytes " << bytes / n << std::endl;
}

TEST(ServicesBench, DISABLED_ListOrders) {
  const char* url = std::getenv("JZ_BENCH_DATABASE");
  ASSERT_TRUE(url && *url) << "set JZ_BENCH_DATABASE";
  const int64_t orders = env_int("JZ_BENCH_ORDERS", 1'000'000), households = env_int("JZ_BENCH_HOUSEHOLDS", 100'000),
                enterprises = env_int("JZ_BENCH_ENTERPRISES", 500), runs = env_int("JZ_BENCH_RUNS", 1000);
  auto db = db::open_database(url, 1);
  db::migrate(*db);
  auto conn = db->acquire();
  {
    auto t = std::chrono::steady_clock::now();
    db::Transaction tx(*conn, true);
    Store(*conn).bench_fill(households, enterprises, orders);
    tx.commit();
    std::cout << "BENCH fill_seconds " << ms_since(t) / 1000 << std::endl;
  }
  int64_t h0 = conn->query("SELECT MIN(id) FROM users WHERE username LIKE 'bench-household-%'")[0].get_int(0);
  int64_t e0 = conn->query("SELECT MIN(id) FROM enterprises WHERE uscc LIKE 'BENCH%'")[0].get_int(0);
  std::mt19937_64 rng(42);
  for (auto [name, column, first, count] : {std::tuple{"household", "consumer_user_id", h0, households},
                                            std::tuple{"enterprise", "enterprise_id", e0, enterprises}}) {
    std::vector<double> times;
    Store s(*conn);
    for (int64_t i = 0; i < runs; ++i) {
      int64_t who = first + static_cast<int64_t>(rng() % static_cast<uint64_t>(count));
      OrderFilter f;
      int64_t total = 0;
      auto t = std::chrono::steady_clock::now();
      auto page = s.orders_by(column, who, "", f, &total);
      times.push_back(ms_since(t));
      ASSERT_EQ(total, orders / count + (total > orders / count ? 1 : 0)) << name;
      ASSERT_EQ(static_cast<int64_t>(page.size()), std::min<int64_t>(20, total));
    }
    std::sort(times.begin(), times.end());
    std::cout << "BENCH " << name << "_p50_ms " << times[times.size() / 2] << "\nBENCH " << name << "_p99_ms "
              << times[times.size() * 99 / 100] << std::endl;
  }
}

}  // namespace
}  // namespace jz::services
