#include "credit/demo_credit.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <random>
#include <unordered_map>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/kinds.hpp"
#include "credit/provenance.hpp"
#include "credit/score.hpp"
#include "credit/store.hpp"
#include "reference/divisions.hpp"

namespace jz::credit {
namespace {

namespace json = boost::json;

constexpr std::array kOtherPlaces{"天津市", "北京市", "上海市", "厦门市",
                                  "青岛市", "西安市", "银川市", "深圳市"};
constexpr std::array kInsurers{"中国人保财险", "中国人寿", "太平洋保险", "平安保险", "国寿财险"};
constexpr std::array kPolicyKinds{"accident", "employer_liability", "liability", "accident"};
constexpr std::array kReviewTexts{"做事细致，很专业",
                                  "准时到岗，态度很好",
                                  "打扫得很干净",
                                  "照顾老人很有耐心",
                                  "做饭好吃，孩子很喜欢",
                                  "",
                                  "",
                                  "",
                                  "整体满意",
                                  "沟通顺畅，会再预约"};
constexpr std::array kComplaintTexts{"约定时间迟到较久，未提前告知", "清洁不到位，厨房油污未处理",
                                     "服务过程中玩手机", "打碎物品未主动说明", "服务态度生硬"};
constexpr std::array kUpheldFindings{"经核实投诉属实，已约谈服务员并由企业赔偿", "经调查情况属实，责令整改",
                                     "双方确认迟到属实，已批评教育"};
constexpr std::array kRejectedFindings{"经核查证据不足，投诉不成立", "经调解双方达成谅解，投诉不成立"};

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(gen_) < p; }
  double normal(double mean, double sd) { return std::normal_distribution<double>(mean, sd)(gen_); }
  template <class A>
  const auto& pick(const A& a) {
    return a[static_cast<size_t>(uniform(0, static_cast<int>(std::size(a)) - 1))];
  }

 private:
  std::mt19937_64 gen_;
};

// Writes one worker's file: validated like the API, with its score facts collected on the way.
class FileWriter {
 public:
  FileWriter(BulkWriter& bulk, const security::FieldCipher& cipher, const KindRefs& refs,
             DemoCreditReport& report)
      : bulk_(bulk), cipher_(cipher), refs_(refs), report_(report) {}

  void start(int64_t worker_id) {
    worker_id_ = worker_id;
    facts_.clear();
  }

  // Returns the entry id, or 0 when the entry was refused (a bug in this generator; logged once).
  int64_t add(EntryKind kind, SourceType source, std::optional<int64_t> source_id, std::string source_name,
              const std::string& occurred_on, std::optional<std::string> valid_until, json::object details,
              const std::string& evidence = "") {
    NewEntry e;
    e.worker_id = worker_id_;
    e.kind = kind;
    e.source_type = source;
    e.source_id = source_id;
    e.occurred_on = occurred_on;
    e.valid_until = std::move(valid_until);
    e.details = std::move(details);
    auto p = prepare_entry(e, refs_);
    if (!p) {
      if (!warned_)
        spdlog::warn("demo credit: {} refused: {} {}", kind_name(kind), p.error().code, p.error().field);
      warned_ = true;
      return 0;
    }
    if (source_name.empty())
      if (auto* inst = p->details.if_contains("institution"); inst && inst->is_string())
        source_name = inst->as_string();
    std::optional<db::Blob> health;
    if (p->health) health = cipher_.encrypt(json::serialize(*p->health), kHealthContext);
    int64_t id = bulk_.next_entry_id();
    bulk_.entry(id, worker_id_, kind, source, source_id, source_name, occurred_on, p->valid_until, p->summary,
                json::serialize(p->details), health, evidence, occurred_on + "T09:00:00.000Z");
    if (p->employment)
      bulk_.employment(id, worker_id_, *p->employment, independent_by_source(kind, source),
                       occurred_on + "T09:00:00.000Z");
    facts_.push_back(to_score_entry(id, kind, EntryStatus::active, independent_by_source(kind, source), occurred_on,
                                    p->valid_until, p->details));
    ++report_.entries;
    return id;
  }

  const std::vector<ScoreEntry>& facts() const { return facts_; }

 private:
  BulkWriter& bulk_;
  const security::FieldCipher& cipher_;
  const KindRefs& refs_;
  DemoCreditReport& report_;
  int64_t worker_id_ = 0;
  std::vector<ScoreEntry> facts_;
  bool warned_ = false;
};

std::string strip_suffix(const std::string& name) {
  // "兰州市" → "兰州", "临夏回族自治州" → "临夏回族自治州" (kept whole: no trailing 市).
  static const std::string kShi = "市";
  if (name.size() > kShi.size() && name.compare(name.size() - kShi.size(), kShi.size(), kShi) == 0)
    return name.substr(0, name.size() - kShi.size());
  return name;
}

// What every worker's file draws from: the enterprises, the review-only households, the divisions and today.
struct Population {
  BulkWriter& bulk;
  const reference::DivisionCatalog& catalog;
  std::vector<DemoEnterprise> enterprises;
  std::unordered_map<int64_t, size_t> enterprise_index;
  std::vector<int64_t> households;
  int64_t today_n = 0;
  DemoCreditReport& report;
  std::string name_of(const std::string& code) const {
    const reference::Division* d = catalog.find(code);
    return d ? d->name : std::string("甘肃省");
  }
};

// One worker's draws: her generator (one per worker, so her file does not depend on how the batches fall),
// the writer of her file and the names it uses.
struct WorkerDraw {
  const DemoWorker& w;
  const Population& pop;
  FileWriter& file;
  Rng rng;
  std::string pref_name, office, occupation;
  WorkerDraw(const DemoWorker& worker, const Population& p, FileWriter& f, uint64_t seed)
      : w(worker),
        pop(p),
        file(f),
        rng(seed * 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(worker.id)),
        pref_name(p.name_of(worker.prefecture_code)),
        office(pref_name + "主管部门"),
        occupation(worker.occupation.empty() ? "housekeeping" : worker.occupation) {}
  std::string day(int64_t days_ago) const { return date_of_day(pop.today_n - days_ago); }
};

// Identity: the registry's verdict, recorded by the 市州 office when verified.
void identity_entries(WorkerDraw& d) {
  if (d.w.identity_status == "verified")
    d.file.add(EntryKind::identity_verification, SourceType::official, std::nullopt, d.office,
               d.day(d.rng.uniform(20, 900)), std::nullopt,
               {{"status", "verified"}, {"method", d.rng.chance(0.8) ? "document_check" : "face_match"}});
  if (d.w.identity_status == "verified" && d.rng.chance(0.45))
    d.file.add(EntryKind::background_check, SourceType::official, std::nullopt, d.office,
               d.day(d.rng.uniform(10, 1500)), std::nullopt,
               {{"status", d.rng.chance(0.97) ? "passed" : "failed"},
                {"provider", "公安机关无犯罪记录证明"},
                {"reference", fmt::format("WF{}{:06}", d.w.prefecture_code, d.rng.uniform(0, 999999))}});
}

// Health check: yearly; some lapsed, some lapsing within weeks, a few unfit (no validity).
void health_entry(WorkerDraw& d) {
  if (d.rng.chance(0.65)) {
    int64_t ago = d.rng.uniform(5, 420);
    bool fit = d.rng.chance(0.97);
    std::string hospital = d.rng.chance(0.5)   ? strip_suffix(d.pref_name) + "市第一人民医院"
                           : d.rng.chance(0.5) ? d.pop.name_of(d.w.county_code) + "人民医院"
                                               : strip_suffix(d.pref_name) + "市妇幼保健院";
    json::object details{{"institution", hospital}, {"result", fit ? "fit" : "unfit"}};
    d.file.add(EntryKind::health_check, SourceType::hospital, std::nullopt, "", d.day(ago),
               date_of_day(d.pop.today_n - ago + 365), std::move(details),
               fmt::format("体检报告 {:08}", d.rng.uniform(0, 99999999)));
  }
}

// Employment: her enterprise's record, earlier jobs (some only her own claim, some out of province).
bool employment_entries(WorkerDraw& d) {
  bool employed = false;
  if (d.w.enterprise_id && d.pop.enterprise_index.count(*d.w.enterprise_id)) {
    const auto& e = d.pop.enterprises[d.pop.enterprise_index.at(*d.w.enterprise_id)];
    int64_t start = d.rng.uniform(60, 1500);
    d.file.add(EntryKind::employment, SourceType::enterprise, e.id, e.name, d.day(start), std::nullopt,
               {{"employer", e.name},
                {"employer_enterprise_id", e.id},
                {"place_division_code", e.division_code},
                {"occupation", d.occupation},
                {"monthly_wage", d.rng.uniform(30, 80) * 100}},
               fmt::format("劳动合同 {}-{:05}", e.id, d.rng.uniform(0, 99999)));
    employed = true;
    if (d.rng.chance(0.4)) {
      int64_t end = start + d.rng.uniform(20, 200), begin = end + d.rng.uniform(90, 900);
      if (d.rng.chance(0.6)) {
        d.file.add(EntryKind::employment, SourceType::self, d.w.id, "本人", d.day(begin), std::nullopt,
                   {{"employer", d.rng.chance(0.5) ? "个人雇主" : "某家政服务部"},
                    {"place_other", d.rng.pick(kOtherPlaces)},
                    {"occupation", d.occupation},
                    {"end_date", d.day(end)},
                    {"monthly_wage", d.rng.uniform(40, 90) * 100}});
      } else if (!d.pop.enterprises.empty()) {
        const auto& prev = d.pop.enterprises[static_cast<size_t>(
            d.rng.uniform(0, static_cast<int>(d.pop.enterprises.size()) - 1))];
        d.file.add(EntryKind::employment, SourceType::enterprise, prev.id, prev.name, d.day(begin),
                   std::nullopt,
                   {{"employer", prev.name},
                    {"employer_enterprise_id", prev.id},
                    {"place_division_code", prev.division_code},
                    {"occupation", d.occupation},
                    {"end_date", d.day(end)},
                    {"monthly_wage", d.rng.uniform(30, 70) * 100}});
      }
    }
  } else if (d.rng.chance(0.5)) {
    int64_t begin = d.rng.uniform(200, 2000);
    int64_t end = d.rng.chance(0.5) ? d.rng.uniform(1, static_cast<int>(begin) - 30) : 0;
    json::object details{{"employer", d.rng.chance(0.5) ? "个人雇主" : "某家政服务部"},
                         {"occupation", d.occupation},
                         {"monthly_wage", d.rng.uniform(35, 90) * 100}};
    if (d.rng.chance(0.4))
      details["place_other"] = d.rng.pick(kOtherPlaces);
    else
      details["place_division_code"] = d.w.county_code;
    if (end) details["end_date"] = d.day(end);
    d.file.add(EntryKind::employment, SourceType::self, d.w.id, "本人", d.day(begin), std::nullopt,
               std::move(details));
    employed = true;
  }
  return employed;
}

// Reviews: workers with jobs have some; quality is a trait of the worker. At least 31 days apart, so
// each household's reviews keep the one-per-30-days rule.
int review_entries(WorkerDraw& d, bool employed) {
  int n_reviews = employed ? std::max(0, static_cast<int>(std::lround(d.rng.normal(2.5, 2.0))))
                           : (d.rng.chance(0.2) ? 1 : 0);
  double quality = std::clamp(d.rng.normal(4.4, 0.4), 2.5, 5.0);
  int64_t ago = d.rng.uniform(2, 40);
  for (int k = 0; k < n_reviews && ago < 1500; ++k, ago += d.rng.uniform(31, 150)) {
    auto dim = [&] {
      return std::clamp(static_cast<int>(std::lround(quality + d.rng.normal(0, 0.5))), 1, 5);
    };
    int skill = dim(), attitude = dim(), punctuality = dim(), hygiene = dim();
    int64_t review_id = d.pop.bulk.next_review_id();
    int64_t consumer =
        d.pop
            .households[static_cast<size_t>(d.rng.uniform(0, static_cast<int>(d.pop.households.size()) - 1))];
    int64_t entry =
        d.file.add(EntryKind::review, SourceType::consumer, consumer, "消费者", d.day(ago), std::nullopt,
                   {{"skill", skill},
                    {"attitude", attitude},
                    {"punctuality", punctuality},
                    {"hygiene", hygiene},
                    {"review_id", review_id}});
    if (!entry) continue;
    d.pop.bulk.review(review_id, d.w.id, consumer, skill, attitude, punctuality, hygiene,
                      d.rng.pick(kReviewTexts), entry, d.day(ago) + "T12:00:00.000Z");
    ++d.pop.report.reviews;
  }
  return n_reviews;
}

// Complaints: a few, in every state; an upheld one is on file.
void complaint_entry(WorkerDraw& d, int n_reviews) {
  if (n_reviews > 0 && d.rng.chance(0.06)) {
    int64_t filed = d.rng.uniform(3, 900);
    int r = d.rng.uniform(1, 100);
    std::string status = r <= 40 ? "upheld" : r <= 70 ? "rejected" : r <= 85 ? "investigating" : "received";
    if (filed > 60 && (status == "received" || status == "investigating")) status = "rejected";
    int64_t complaint_id = d.pop.bulk.next_complaint_id();
    std::string findings = status == "upheld"     ? d.rng.pick(kUpheldFindings)
                           : status == "rejected" ? d.rng.pick(kRejectedFindings)
                                                  : "";
    std::optional<int64_t> entry;
    if (status == "upheld") {
      int64_t id =
          d.file.add(EntryKind::complaint, SourceType::official, std::nullopt, d.office, d.day(filed),
                     std::nullopt, {{"complaint_id", complaint_id}, {"findings", findings}});
      if (id) entry = id;
    }
    int64_t consumer =
        d.pop
            .households[static_cast<size_t>(d.rng.uniform(0, static_cast<int>(d.pop.households.size()) - 1))];
    d.pop.bulk.complaint(complaint_id, d.w.id, consumer, d.rng.pick(kComplaintTexts), status, findings, entry,
                         d.day(filed) + "T10:00:00.000Z");
    ++d.pop.report.complaints;
  }
}

// Insurance: most enterprise staff, some others; yearly policies, some lapsing soon.
void insurance_entry(WorkerDraw& d) {
  if (d.rng.chance(d.w.enterprise_id ? 0.6 : 0.15)) {
    int64_t start = d.rng.uniform(1, 400);
    // Recorded by the insurer (an enterprise's own word on its staff's cover would be a claim).
    std::string policy_kind = d.rng.pick(kPolicyKinds);
    std::string insurer = d.rng.pick(kInsurers);
    d.file.add(EntryKind::insurance, SourceType::insurer, std::nullopt, insurer, d.day(start),
               date_of_day(d.pop.today_n - start + 365),
               {{"policy_kind", policy_kind},
                {"insurer", insurer},
                {"policy_no", fmt::format("P{}{:08}", d.w.prefecture_code, d.rng.uniform(0, 99999999))},
                {"coverage", d.rng.chance(0.5) ? 300000 : 500000}});
  }
}

// Skill-competition awards: rare.
void competition_entry(WorkerDraw& d) {
  if (d.rng.chance(0.006))
    d.file.add(EntryKind::competition, SourceType::official, std::nullopt, "甘肃省人力资源和社会保障厅",
               d.day(d.rng.uniform(30, 700)), std::nullopt,
               {{"competition", "甘肃省家政服务职业技能大赛"},
                {"award", d.rng.pick(std::array{"一等奖", "二等奖", "三等奖", "优秀奖"})},
                {"level", d.rng.chance(0.3) ? "provincial" : "city"},
                {"occupation", d.occupation}});
}

}  // namespace

DemoCreditReport generate_demo_credit(db::Connection& conn, const security::FieldCipher& cipher,
                                      uint64_t seed) {
  DemoCreditReport report;
  const std::string today = today_utc();
  const std::string now = now_utc();

  auto catalog = reference::DivisionCatalog::load(conn);
  Store store(conn);
  KindRefs refs;
  refs.divisions = &catalog;
  refs.occupations = store.occupations();
  refs.today = today;

  BulkWriter bulk(conn);
  Population pop{bulk, catalog, {}, {}, {}, day_number(today).value(), report};
  {
    db::Transaction tx(conn, true);
    pop.enterprises = bulk.enterprises();
    pop.households = bulk.demo_households(50, now);
    tx.commit();
  }
  for (size_t i = 0; i < pop.enterprises.size(); ++i) pop.enterprise_index[pop.enterprises[i].id] = i;

  FileWriter file(bulk, cipher, refs, report);
  constexpr int64_t kBatch = 5000;
  int64_t after = 0;
  for (;;) {
    auto workers = bulk.unscored_workers(after, kBatch);
    if (workers.empty()) break;
    db::Transaction tx(conn, true);
    for (const auto& w : workers) {
      after = w.id;
      file.start(w.id);
      WorkerDraw d(w, pop, file, seed);
      identity_entries(d);
      health_entry(d);
      bool employed = employment_entries(d);
      int n_reviews = review_entries(d, employed);
      complaint_entry(d, n_reviews);
      insurance_entry(d);
      competition_entry(d);
      auto score = compute_score(file.facts(), today);
      bulk.score(w.id, score.score, score.band, json::serialize(components_json(score.components)), now);
      ++report.workers;
    }
    tx.commit();
  }
  {
    db::Transaction tx(conn, true);
    bulk.finish();
    tx.commit();
  }
  spdlog::info("demo credit files: {} workers, {} entries, {} reviews, {} complaints", report.workers,
               report.entries, report.reviews, report.complaints);
  return report;
}

}  // namespace jz::credit
