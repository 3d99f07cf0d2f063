#include "training/demo.hpp"

#include <fmt/format.h>

#include <random>
#include <set>

#include <boost/json.hpp>

#include "common/embedded.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/service.hpp"
#include "reference/divisions.hpp"
#include "security/audit.hpp"
#include "training/certificate.hpp"
#include "training/parts.hpp"
#include "training/store.hpp"
#include "verify/signing_key.hpp"

namespace jz::training {
namespace {

// A demo course. Its hours are the sum of its units (parts.hpp); `units_file` (embedded JSON) gives units
// with real content and pictures instead of `units`.
struct DemoCourse {
  int institution;  // index into the demo institutions
  const char* title;
  const char* occupation;
  const char* mode;
  int pass_mark;            // -1: no assessment
  const char* certificate;  // "" : none
  std::vector<std::pair<const char*, int>> units;
  const char* description;
  const char* units_file = nullptr;
};

Unit unit(const char* title, int minutes) {
  Unit u;
  u.title = title;
  u.minutes = minutes;
  u.content = fmt::format("{}：学习要点、操作步骤与安全注意事项。", title);
  return u;
}

// Units with parts from an embedded JSON file ({units: [{title, parts: [{title, minutes, body, image?,
// image_alt?, video_url?}]}]}); a malformed file is a build error, so it throws.
std::vector<Unit> units_from(const char* path) {
  namespace json = boost::json;
  auto text = embedded_file(path);
  if (!text) throw std::runtime_error(std::string("demo training: missing ") + path);
  json::value doc = json::parse(*text);
  auto text_of = [](const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v ? std::string(v->as_string()) : std::string();
  };
  std::vector<Unit> out;
  for (const auto& uv : doc.at("units").as_array()) {
    const auto& uo = uv.as_object();
    Unit u;
    u.title = text_of(uo, "title");
    for (const auto& pv : uo.at("parts").as_array()) {
      const auto& po = pv.as_object();
      Part p;
      p.position = static_cast<int>(u.parts.size() + 1);
      p.title = text_of(po, "title");
      p.minutes = static_cast<int>(po.at("minutes").as_int64());
      p.body = text_of(po, "body");
      p.image = text_of(po, "image");
      p.image_alt = text_of(po, "image_alt");
      p.video_url = text_of(po, "video_url");
      u.minutes += p.minutes;
      u.parts.push_back(std::move(p));
    }
    out.push_back(std::move(u));
  }
  return out;
}

Question question(const char* text, std::vector<std::string> options, int answer) {
  Question q;
  q.text = text;
  q.options = std::move(options);
  q.answer = answer;
  return q;
}

std::string first_county(const reference::DivisionCatalog& catalog, const std::string& prefecture) {
  for (const auto* d : catalog.children(prefecture))
    if (d->valid_to.empty()) return d->code;
  return prefecture + "02";
}

}  // namespace

DemoTrainingReport generate_demo_training(db::Database& db, const security::FieldCipher& cipher,
                                          const std::filesystem::path& key_dir, uint64_t seed,
                                          bool with_credit) {
  DemoTrainingReport report;
  auto conn = db.acquire();
  if (conn->query("SELECT COUNT(*) FROM training_courses")[0].get_int(0) > 0) {
    report.skipped = true;
    return report;
  }
  auto catalog = reference::DivisionCatalog::load(*conn);
  auto key = verify::SigningKey::load_or_create(key_dir);
  credit::Service credit(db, cipher, catalog);
  security::AuditActor actor{std::nullopt, "demo-data", "cli", "", ""};
  std::mt19937_64 rng(seed ^ 0x7472616e696e67ULL);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto between = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };

  db::Transaction tx(*conn, true);
  const std::string now = now_utc(), today = today_utc();
  const int64_t today_day = credit::day_number(today).value();

  // Institutions: the demo account's (the first one, linked to the `institution` user) and two more.
  struct Inst {
    const char* name;
    const char* kind;
    const char* prefecture;
  };
  const Inst insts[] = {{"甘肃省家政培训学校", "school", "6201"},
                        {"天水市职业技能培训中心", "school", "6205"},
                        {"定西市社会评价机构（家政）", "assessment_body", "6211"}};
  std::vector<store::InstitutionRef> refs;
  for (const auto& i : insts) {
    auto rows = conn->query("SELECT id FROM institutions WHERE name = ?", {std::string(i.name)});
    int64_t id =
        rows.empty()
            ? conn->insert(
                  "INSERT INTO institutions (name, kind, division_code, prefecture_code, created_at, "
                  "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                  {std::string(i.name), std::string(i.kind), first_county(catalog, i.prefecture),
                   std::string(i.prefecture), now, now})
            : rows[0].get_int(0);
    refs.push_back(*store::find_institution(*conn, id));
  }
  conn->exec("UPDATE users SET institution_id = ? WHERE username = 'institution' AND institution_id IS NULL",
             {refs[0].id});

  // Offline units are whole days of practice (8 学时 each); online units are split into parts of at most 15
  // minutes when studied. Every course's hours are what its units add up to.
  const std::vector<DemoCourse> courses = {
      {0,
       "家政服务入门（体验课）",
       "housekeeping",
       "online",
       60,
       "家政服务入门培训合格证",
       {{"认识家政服务", 1}},
       "一分钟了解家政服务的职业要求，学完后做三道小题即可获得合格证。"},
      {0,
       "养老护理员（初级）线上理论",
       "elderly_care",
       "online",
       60,
       "养老护理员（初级）培训合格证",
       {},
       "紧缺工种。手卫生、安全转移、预防跌倒三个单元，图文讲解，每段不超过 15 分钟，手机上随时学；学完参加考核，合格颁发培训合格证。",
       "data/training/units/elderly_care_basics.json"},
      {1,
       "养老护理员 实操培训",
       "elderly_care",
       "offline",
       60,
       "养老护理员（初级）职业技能等级证书（培训）",
       {{"协助进食与进水", 960}, {"清洁与卫生护理", 960}, {"移动与体位转换", 960}, {"技能考核准备", 960}},
       "紧缺工种。天水市集中实操 8 天，机构记录出勤并录入考核成绩。"},
      {0,
       "育婴员（婴幼儿照料）",
       "infant_care",
       "offline",
       60,
       "育婴员培训合格证",
       {{"婴幼儿生活照料", 1200}, {"婴幼儿保健", 1080}, {"早期发展", 1080}},
       "紧缺工种。线下授课 7 天，含实操考核。"},
      {0,
       "母婴护理员（月嫂）",
       "maternity_care",
       "online",
       70,
       "国家开放大学 母婴护理 课程结业证书",
       {{"产妇护理", 60}, {"新生儿护理", 60}, {"月子餐", 60}, {"常见问题处理", 60}},
       "紧缺工种。与国家开放大学合作的线上课程，成绩合格颁发结业证书。"},
      {2,
       "收纳整理师（入门）",
       "organizing",
       "online",
       -1,
       "",
       {{"收纳原则", 40}, {"衣橱整理", 40}, {"厨房与儿童房", 40}},
       "新兴业态。线上学习，无考核。"},
      {1,
       "厨嫂（上门烹饪）",
       "home_cooking",
       "offline",
       60,
       "上门烹饪培训合格证",
       {{"家常菜与陇菜", 960}, {"食品安全", 480}, {"营养搭配", 480}},
       "新兴业态。线下实操 4 天，考核合格发证。"},
      {2,
       "家装美化（软装与维护）",
       "home_decor",
       "offline",
       60,
       "",
       {{"软装搭配", 720}, {"墙面修补", 720}},
       "新兴业态。线下实操 3 天，考核不发证。"},
      {0,
       "家庭深度保洁",
       "deep_cleaning",
       "online",
       -1,
       "",
       {{"工具与药剂", 30}, {"厨卫深度清洁", 30}},
       "线上学习，无考核。"},
  };
  std::vector<Course> stored;
  for (const auto& c : courses) {
    CourseInput in;
    in.title = c.title;
    in.occupation_code = c.occupation;
    in.mode = c.mode;
    if (c.pass_mark >= 0) in.pass_mark = c.pass_mark;
    in.has_certificate = *c.certificate != '\0';
    in.certificate_name = c.certificate;
    in.description = c.description;
    for (const auto& [t, m] : c.units) in.units.push_back(unit(t, m));
    if (c.units_file) in.units = units_from(c.units_file);
    if (stored.empty())
      in.units[0].content =
          "家政服务员走进别人的家，照顾老人、孩子和家务，靠的是手艺，更靠信用。\n\n"
          "• 上门前出示居家上门服务证，让主人放心；\n• 干活前洗手，用主人同意的工具和清洁剂；\n"
          "• 不翻动主人的私人物品，不收主人的贵重礼物；\n• 遇到老人、孩子身体不舒服，先告诉主人或拨打 120。\n\n"
          "在平台上学习培训、获得证书、接受评价，都会记入您的信用档案，主人扫码就能看到。";
    if (stored.empty())
      in.questions = {
          question("家政服务员上门服务前应当做什么？", {"出示居家上门服务证", "直接进门开始工作", "先收费"},
                   0),
          question("发现老人摔倒后首先应该怎么做？", {"马上扶起", "判断意识与伤情并呼叫帮助", "离开现场"}, 1),
          question("清洁厨房时，清洁剂应当如何存放？",
                   {"与食品放在一起", "放在儿童够得着的地方", "远离食品和儿童"}, 2)};
    int64_t id = store::insert_course(*conn, in, refs[static_cast<size_t>(c.institution)], std::nullopt, now);
    stored.push_back(*store::find_course(*conn, id));
    ++report.courses;
  }

  // Training history: about a third of the workers took one or two courses (never the taster course, which
  // stays for people to try). Completions and results are dated when they happened. Every enrolment's outcome is
  // drawn first and its rows then go through store::HistoryWriter (COPY on PostgreSQL), so a million-worker
  // registry does not cost a dozen round trips per trainee; credit entries follow in batches after a flush.
  store::HistoryWriter history(*conn);
  std::vector<credit::NewEntry> pending;
  auto add = [&](credit::NewEntry e) {
    if (with_credit) pending.push_back(std::move(e));
  };
  auto add_pending = [&] {
    history.flush();
    for (const auto& e : pending) {
      auto r = credit.add_entry(*conn, e, actor);
      if (!r) throw std::runtime_error("demo training credit entry: " + r.error().code + " " + r.error().field);
    }
    pending.clear();
  };
  auto entry = [&](const Course& c, int64_t worker, const std::string& on, boost::json::value hours, const char* assessment) {
    credit::NewEntry n;
    n.worker_id = worker;
    n.kind = credit::EntryKind::training;
    n.source_type = credit::SourceType::institution;
    n.source_id = c.institution_id;
    n.source_name = c.institution_name;
    n.occurred_on = on;
    n.details = {{"course", c.title},          {"occupation", c.occupation_code}, {"level", c.level},
                 {"provider", c.institution_name}, {"hours", hours},              {"assessment", assessment}};
    return n;
  };
  const int64_t first_day = credit::day_number("2024-01-01").value();
  std::vector<int64_t> completed_workers;
  std::set<std::pair<int64_t, int64_t>> enrolled;  // (course, worker): the tables start empty (see above)
  std::set<std::string> serials;
  for (const auto& w : store::history_workers(*conn)) {
    if (!chance(0.35)) continue;
    int n = chance(0.3) ? 2 : 1;
    for (int k = 0; k < n; ++k) {
      const Course& c = stored[static_cast<size_t>(between(1, static_cast<int64_t>(stored.size()) - 1))];
      if (!enrolled.insert({c.id, w.id}).second) continue;
      int64_t enrolled_day = between(first_day, today_day - 20);
      static const char* kVia[] = {"self", "enterprise", "official"};
      store::HistoryEnrolment h;
      h.course_id = c.id;
      h.worker_id = w.id;
      h.cohort = chance(0.3) ? "2024年春季培训班" : "";  // drawn before the channel, as the demo always has
      h.via = kVia[between(0, 2)];
      h.enrolled_at = credit::date_of_day(enrolled_day) + "T02:00:00.000Z";
      ++report.enrolments;
      if (!chance(0.8)) {
        history.enrolment(h);
        continue;
      }
      int64_t done_day = std::min(today_day - 1, enrolled_day + between(7, 60));
      std::string done_on = credit::date_of_day(done_day);
      h.status = "completed";
      h.completed_on = done_on;
      bool passed = false;
      int score = 0;
      if (c.pass_mark) {
        passed = chance(0.85);
        score = static_cast<int>(passed ? between(*c.pass_mark, 98) : between(30, *c.pass_mark - 1));
        h.status = passed ? "passed" : "failed";
        h.score = score;
        h.assessed_on = done_on;
      }
      int64_t e = history.enrolment(h);
      for (const auto& u : c.units) history.unit_done(e, u.id, u.minutes * 60, done_on + "T08:00:00.000Z");
      history.completion(e, w, c, done_day);
      ++report.completions;
      completed_workers.push_back(w.id);
      add(entry(c, w.id, done_on, hours_of(c.total_minutes()), "none"));
      if (!c.pass_mark) continue;
      auto result = entry(c, w.id, done_on, 0, passed ? "passed" : "failed");
      result.details["score"] = score;
      add(result);
      if (!passed || !c.has_certificate) continue;
      CertificatePayload p;
      p.public_id = w.public_id;
      p.issued_on = done_on;
      p.course_id = c.id;
      do p.serial = make_certificate_serial(done_on, static_cast<uint32_t>(between(0, 99'999'999)));
      while (!serials.insert(p.serial).second);
      auto token = sign_certificate(p, key);
      if (!token) throw std::runtime_error("demo training certificate: " + token.error().code);
      history.certificate(p.serial, e, w.id, c.id, done_on, *token, now);
      ++report.certificates;
      auto cert = entry(c, w.id, done_on, 0, "passed");
      cert.details["score"] = score;
      cert.details["certificate_no"] = p.serial;
      add(cert);
    }
    if (pending.size() >= 20'000) add_pending();
  }
  add_pending();
  history.finish();

  // 摸底调查 of 脱贫人口 in 兰州市, so the survey list and the targeted offers have something to show.
  static const char* kWanted[] = {"elderly_care", "infant_care", "maternity_care", "home_cooking",
                                  "organizing"};
  for (const auto& r :
       conn->query("SELECT id, current_division_code FROM workers WHERE prefecture_code = '6201' AND "
                   "(poverty_alleviated <> 0 OR monitored <> 0) ORDER BY id LIMIT 15")) {
    SurveyInput s;
    s.worker_id = r.get_int(0);
    s.willing = chance(0.75);
    if (s.willing) {
      s.occupations.push_back(kWanted[between(0, 4)]);
      if (chance(0.4)) s.occupations.push_back(kWanted[between(0, 4)]);
      if (s.occupations.size() == 2 && s.occupations[0] == s.occupations[1]) s.occupations.pop_back();
    }
    s.can_leave_home = chance(0.5);
    if (chance(0.6)) s.available_from = credit::date_of_day(today_day + between(10, 90));
    s.prior_training = chance(0.3) ? "参加过村里组织的家政培训" : "";
    store::upsert_survey(*conn, s, "6201", r.get_text(1), std::nullopt, now);
  }

  // A skill competition with three awards among workers who completed a course.
  Competition comp;
  comp.name = "2025年甘肃省巾帼家政服务技能大赛";
  comp.level = "provincial";
  comp.occupation_code = "housekeeping";
  comp.held_on = "2025-10-18";
  comp.id = store::insert_competition(*conn, comp, std::nullopt, now);
  static const char* kAwards[] = {"一等奖", "二等奖", "三等奖"};
  for (size_t i = 0; i < std::min<size_t>(3, completed_workers.size()); ++i) {
    int64_t worker = completed_workers[i];
    if (store::has_award(*conn, comp.id, worker)) continue;
    int64_t entry_id = 0;
    if (with_credit) {
      credit::NewEntry n;
      n.worker_id = worker;
      n.kind = credit::EntryKind::competition;
      n.source_type = credit::SourceType::official;
      n.source_name = comp.name + " 组委会";
      n.occurred_on = comp.held_on;
      n.details = {{"competition", comp.name},
                   {"award", kAwards[i]},
                   {"level", comp.level},
                   {"occupation", "housekeeping"}};
      auto r = credit.add_entry(*conn, n, actor);
      if (!r) throw std::runtime_error("demo competition entry: " + r.error().code);
      entry_id = *r;
    }
    if (entry_id) store::record_award(*conn, comp.id, worker, kAwards[i], entry_id);
  }

  security::AuditEntry a;
  a.action = "training.demo";
  a.object_type = "training_course";
  a.summary = fmt::format("courses={} enrolments={} completions={} certificates={}", report.courses,
                          report.enrolments, report.completions, report.certificates);
  security::write_audit(*conn, actor, a);
  tx.commit();
  return report;
}

}  // namespace jz::training
