#include "supervision/figures.hpp"

#include <gtest/gtest.h>

#include "credit/dates.hpp"

namespace jz::supervision {
namespace {

int32_t day(const char* d) { return static_cast<int32_t>(*credit::day_number(d)); }

FiguresQuery year2025(const std::string& prefecture = {}) {
  FiguresQuery q;
  q.from_day = day("2025-01-01");
  q.to_day = day("2025-12-31");
  q.as_of_day = day("2025-12-31");
  q.prefecture = prefecture;
  q.series_from = "2025-01";
  q.series_months = 12;
  return q;
}

TEST(SupervisionFigures, CountsEachWorkerOnceAndWhereSheIsRegisteredNow) {
  FiguresIndex ix;
  ix.upsert(WorkerFact{1, "620102", day("2024-05-01"), true, true});
  ix.upsert(WorkerFact{2, "620502", day("2025-03-01"), false, false});
  // Two health checks of worker 1 valid on the as-of day count her once; an expired one and a withdrawn one
  // do not count.
  ix.upsert(CoverFact{10, 1, CoverKind::health_check, day("2025-01-01"), day("2026-01-01"), true});
  ix.upsert(CoverFact{11, 1, CoverKind::health_check, day("2025-06-01"), day("2026-06-01"), true});
  ix.upsert(CoverFact{12, 2, CoverKind::health_check, day("2024-01-01"), day("2024-12-31"), true});
  ix.upsert(CoverFact{13, 2, CoverKind::insurance, day("2025-01-01"), kNoDay, false});
  // Two jobs of worker 1 in the year, one outside Gansu; worker 2's job in another 市州.
  ix.upsert(EmploymentFact{20, 1, day("2025-02-01"), day("2025-05-01"), 4000, "61", "", true});
  ix.upsert(EmploymentFact{21, 1, day("2025-06-01"), kNoDay, 5000, "62", "6201", true});
  ix.upsert(EmploymentFact{22, 2, day("2025-04-01"), kNoDay, std::nullopt, "62", "6201", true});
  ix.upsert(ComplaintFact{30, 2, day("2025-03-01"), ComplaintStatus::upheld, day("2025-03-11")});
  ix.upsert(ReviewFact{40, 1, day("2025-07-01"), 18});
  ix.upsert(ReviewFact{40, 1, day("2025-07-01"), 18});  // the same review again: ignored
  ix.upsert(PaymentFact{50, 2, day("2025-08-01"), 1500});

  auto r = ix.figures(year2025());
  EXPECT_EQ(r.total.workers, 2);
  EXPECT_EQ(r.total.workers_new, 1);
  EXPECT_EQ(r.total.health_checked, 1);
  EXPECT_EQ(r.total.insured, 0);
  EXPECT_EQ(r.total.employed, 2);
  EXPECT_EQ(r.total.out_of_province, 1);
  EXPECT_EQ(r.total.cross_prefecture, 1);  // worker 2 (天水) works in 兰州
  EXPECT_EQ(r.total.poverty_employed, 1);
  EXPECT_EQ(r.total.wage_count, 2);
  EXPECT_EQ(r.total.wage_sum, 9000);
  EXPECT_EQ(r.total.complaints_upheld, 1);
  EXPECT_EQ(r.total.close_days_sum, 10);
  EXPECT_EQ(r.total.reviews, 1);
  EXPECT_EQ(r.total.paid_yuan, 1500);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups.at("6201").workers, 1);
  EXPECT_EQ(r.groups.at("6205").paid_yuan, 1500);
  EXPECT_EQ(r.series.at(2).complaints, 1);  // March
  EXPECT_EQ(r.series.at(7).paid_yuan, 1500);

  // Worker 2 moves to 兰州: her records follow her.
  ix.upsert(WorkerFact{2, "620103", day("2025-03-01"), false, false});
  auto by_county = ix.figures(year2025("6201"));
  EXPECT_EQ(by_county.groups.size(), 2u);
  EXPECT_EQ(by_county.groups.at("620103").paid_yuan, 1500);
  EXPECT_EQ(by_county.total.cross_prefecture, 0);
}

TEST(SupervisionFigures, RecordsOfWorkersNotLoadedYetWaitForThem) {
  FiguresIndex ix;
  ix.upsert(PaymentFact{1, 7, day("2025-08-01"), 100});
  EXPECT_EQ(ix.figures(year2025()).total, Figures{});
  ix.upsert(WorkerFact{7, "620102", day("2025-01-05"), false, false});
  EXPECT_EQ(ix.figures(year2025()).total.paid_yuan, 100);
}

TEST(SupervisionFigures, CertificatesCountFromIssueUntilExpiryOrRevocation) {
  FiguresIndex ix;
  ix.upsert(WorkerFact{1, "620102", day("2024-01-01"), false, false});
  ix.upsert(CertificateFact{1, 1, day("2025-01-01"), day("2026-01-01"), kNoDay});
  EXPECT_EQ(ix.figures(year2025()).total.certified, 1);
  ix.upsert(CertificateFact{1, 1, day("2025-01-01"), day("2026-01-01"), day("2025-12-31")});
  EXPECT_EQ(ix.figures(year2025()).total.certified, 0);
}

}  // namespace
}  // namespace jz::supervision
