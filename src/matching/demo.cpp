#include "matching/demo.hpp"

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "matching/store.hpp"

namespace jz::matching {
namespace {

struct Posting {
  const char* title;
  const char* occupation;
  const char* county;    // Gansu county, or ""
  const char* province;  // another province, or ""
  const char* city;
  bool live_in;
  int64_t wage_min, wage_max, openings;
  int min_level;
  bool health;
  const char* employer;  // "" = the enterprise's own name
  const char* description;
};

}  // namespace

int generate_demo_jobs(db::Database& db, uint64_t /*seed*/) {
  auto conn = db.acquire();
  Store store(*conn);
  if (store.demo_jobs_present()) return 0;
  auto ids = store.demo_ids();  // first enterprise, admin and lanzhou officer
  std::string today = today_utc(), until = credit::add_days(today, 120), now = now_utc();
  db::Transaction tx(*conn, true);

  RecruitmentEvent fair;
  fair.name = "陇原家政·东西部劳务协作专场招聘会";
  fair.kind = "job_fair";
  fair.division_code = "620102";
  fair.prefecture_code = "6201";
  fair.starts_on = today;
  fair.ends_on = credit::add_days(today, 30);
  fair.description = "天津、北京、福建等协作地区家政企业来甘招聘，包食宿，统一组织输转。";
  fair.organiser_user_id = ids.admin;
  fair.created_at = now;
  int64_t fair_id = store.insert_event(fair);
  RecruitmentEvent campus = fair;
  campus.name = "家政服务与管理专业校园招聘（安宁校区）";
  campus.kind = "campus";
  campus.division_code = "620105";
  campus.description = "面向家政服务与管理、老年服务与管理专业应届毕业生。";
  int64_t campus_id = store.insert_event(campus);

  const Posting own[] = {
      {"住家养老护理员（照护失能老人）", "elderly_care", "620102", "", "", true, 4500, 6500, 3, 2, true, "",
       "照护一位失能老人，住家，月休 4 天。"},
      {"金牌月嫂", "maternity_care", "620103", "", "", true, 8000, 12000, 2, 3, true, "", "26 天一单，持证优先。"},
      {"日常保洁钟点工", "housekeeping", "620105", "", "", false, 3000, 4000, 10, 1, false, "", "按小时计费，就近派单。"},
      {"育婴员（0–3 岁）", "infant_care", "620102", "", "", false, 5000, 7000, 2, 2, true, "", "白班，双休。"},
  };
  const Posting partner[] = {
      {"养老护理员（天津和平区）", "elderly_care", "", "12", "天津", true, 6000, 8000, 20, 1, true,
       "天津市和平区颐养家政服务有限公司", "东西部劳务协作岗位，包食宿，岗前培训，统一组织乘车。"},
      {"育婴员（北京朝阳区）", "infant_care", "", "11", "北京", false, 7000, 10000, 10, 1, false,
       "北京市朝阳区安馨家政服务中心", "住家育婴，签订劳动合同，缴纳社保。"},
      {"母婴护理员（厦门思明区）", "maternity_care", "", "35", "厦门", true, 9000, 14000, 8, 2, true,
       "厦门市思明区鹭岛母婴护理有限公司", "闽甘协作专岗，持母婴护理证书优先。"},
      {"家政服务员（厦门湖里区）", "housekeeping", "", "35", "厦门", false, 4500, 6000, 15, 1, false,
       "厦门市湖里区闽都家政服务有限公司", "闽甘协作专岗，提供集体宿舍。"},
      {"医院陪护（天津河西区）", "patient_escort", "", "12", "天津", false, 5500, 7000, 10, 1, false,
       "天津市河西区仁和陪护服务有限公司", "医院病患陪护，24 小时轮班，包食宿。"},
      {"养老护理员（兰州城关区养老院）", "elderly_care", "620102", "", "", false, 4000, 5500, 12, 1, false,
       "兰州市城关区颐和养老院", "省内就近就业，包食宿。"},
  };
  int created = 0;
  auto add = [&](const Posting& p, std::optional<int64_t> enterprise, std::optional<int64_t> event, int64_t by,
                 const char* role) {
    Job j;
    j.enterprise_id = enterprise;
    j.employer = *p.employer ? p.employer : ids.enterprise_name;
    j.event_id = event;
    j.title = p.title;
    j.occupation = p.occupation;
    if (*p.county) {
      j.place.division_code = p.county;
      j.place.province_code = "62";
      j.prefecture_code = std::string(p.county).substr(0, 4);
    } else {
      j.place.province_code = p.province;
      j.place.city = p.city;
    }
    j.live_in = p.live_in;
    j.wage_min = p.wage_min;
    j.wage_max = p.wage_max;
    j.openings = p.openings;
    j.min_level = p.min_level;
    j.requires_health_check = p.health;
    j.valid_from = today;
    j.valid_until = until;
    j.description = p.description;
    j.created_by = by;
    j.created_by_role = role;
    j.created_at = j.updated_at = now;
    store.insert_job(j);
    ++created;
  };
  for (const auto& p : own) add(p, ids.enterprise, std::nullopt, ids.enterprise_user, "enterprise");
  add(Posting{"收纳整理师（应届生）", "organizing", "620102", "", "", false, 4000, 5500, 5, 1, false, "",
              "面向应届毕业生，带薪培训。"},
      ids.enterprise, campus_id, ids.enterprise_user, "enterprise");
  for (const auto& p : partner) add(p, std::nullopt, fair_id, ids.admin, "province_admin");

  // Two transfer bases with their members, for transfer plans.
  store.insert_demo_base("兰州市城关区巾帼家政劳务输转基地", "620102", "6201", now, 300);
  store.insert_demo_base("临夏州巾帼家政劳务输转基地", "622901", "6229", now, 300);
  tx.commit();
  return created;
}

}  // namespace jz::matching
