#pragma once
// The training module's rules (product section 4), no HTTP:
//
//   courses      an institution creates courses under its own institution id; a province admin for any
//                institution. Public catalogue and course page.
//   enrolment    the worker herself; her enterprise (own staff only); a city officer for a cohort of workers
//   of
//                her 市州, a province admin for any — all or nothing, in one transaction. Already enrolled
//                workers are reported, not enrolled twice.
//   progress     online units: the worker opens a unit (a server-timed session; her other sessions end) and
//                the player sends heartbeats; each is credited by plausibility.hpp. Offline units: the
//                providing institution records attendance. When every unit is done the enrolment is
//                completed: one trainee-time (training_completions) and a credit entry.
//   assessment   the providing institution enters the score (another institution: out_of_scope), or the
//                worker takes the online quiz, scored here (answers never leave the server). A pass on a
//                course with a certificate issues exactly one training certificate (certificate.hpp). Each
//                result and certificate is a credit entry written by credit::Service::add_entry in the same
//                transaction.
//   target       progress figures over any period (progress.hpp), targets per 市州, projection.
//   survey       摸底调查 of 脱贫人口 by a city officer (her 市州) or province admin; targeted offers from
//   it. competitions officials record skill competitions and awards; an award is a `competition` credit
//   entry.
//
// Every write runs in one db::Transaction with its audit entry inside it. Expected failures are Results
// with error-catalogue codes.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "credit/service.hpp"
#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "security/audit.hpp"
#include "security/field_crypto.hpp"
#include "security/roles.hpp"
#include "training/model.hpp"
#include "training/progress.hpp"
#include "verify/signing_key.hpp"

namespace jz::training {

struct PrefectureProgress {
  std::string code;
  Counts counts;
  int64_t target = 0;
  int64_t projected = 0;
  bool on_track = false;
};

struct ProgressReport {
  Period period;
  std::string today;
  int64_t target = 0;
  int64_t projected = 0;
  bool targets_set = false;  // a province admin set this period's targets (else the default split or none)
  Figures figures;
  std::vector<PrefectureProgress> prefectures;  // all 14, in code order
};

class Service final {
 public:
  // `now_ms` is the clock (milliseconds since the epoch) for study sessions; tests replace it.
  Service(db::Database& db, const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog,
          const verify::SigningKey& key, std::string public_url);

  const reference::DivisionCatalog& catalog() const { return catalog_; }
  const std::string& public_url() const { return public_url_; }
  // 国密 (training/certificate.hpp, version 5): sign new certificates with `signer` when given; verify SM2 ones
  // with `verifier`. Call before serving.
  void use_sm2(std::optional<verify::Sm2SigningKey> signer, std::optional<verify::Sm2PublicKey> verifier) {
    sm2_signer_ = std::move(signer);
    sm2_public_ = std::move(verifier);
  }
  std::function<int64_t()> now_ms;

  // ---- Courses ----
  Result<Course> create_course(const security::Principal& p, const CourseInput& in,
                               const security::AuditActor& a);
  Result<Course> course(int64_t id);
  std::vector<Course> courses(const CourseFilter& f, int64_t* total);

  // ---- Enrolment ----
  // `worker_ids` empty: the worker enrols herself.
  Result<EnrolResult> enrol(const security::Principal& p, int64_t course_id,
                            const std::vector<int64_t>& worker_ids, const std::string& cohort,
                            const security::AuditActor& a);
  Result<std::vector<Enrolment>> my_enrolments(const security::Principal& p);
  Result<Enrolment> enrolment(const security::Principal& p, int64_t id);
  Result<std::vector<Enrolment>> institution_enrolments(const security::Principal& p,
                                                        std::optional<int64_t> course, int page,
                                                        int page_size, int64_t* total);

  // ---- Progress ----
  // `part` (1-based): the part to study; absent, the first not done. A part beyond that one is locked
  // (training_part_locked): parts are studied in order. A part done before may be opened again to read; its
  // heartbeats credit nothing.
  Result<Session> open_unit(const security::Principal& p, int64_t enrolment_id, int64_t unit_id,
                            const security::AuditActor& a, std::optional<int> part = std::nullopt);
  Result<HeartbeatResult> heartbeat(const security::Principal& p, int64_t session_id,
                                    const security::AuditActor& a);
  // Attendance of an offline unit, recorded by the providing institution.
  Result<Enrolment> record_attendance(const security::Principal& p, int64_t enrolment_id, int64_t unit_id,
                                      const security::AuditActor& a);

  // ---- Assessment ----
  Result<AssessmentResult> assess(const security::Principal& p, int64_t enrolment_id, int score,
                                  const security::AuditActor& a);
  // The quiz questions without their answers (for the worker, once every unit is done).
  Result<std::vector<Question>> quiz(const security::Principal& p, int64_t enrolment_id);
  Result<AssessmentResult> submit_quiz(const security::Principal& p, int64_t enrolment_id,
                                       const std::vector<int>& answers, const security::AuditActor& a);

  // ---- Certificates (public) ----
  Result<TrainingCertificate> certificate(const std::string& serial);
  // Verification by token: nullopt for a token that is not a genuine training certificate.
  std::optional<TrainingCertificate> verify_token(const std::string& token);
  std::string verify_url(const std::string& serial) const {
    return public_url_ + "/training/certificates/" + serial;
  }

  // ---- Target ----
  Result<ProgressReport> progress(const security::Principal& p, const Period& period);
  Result<std::map<std::string, int64_t>> set_targets(const security::Principal& p, const std::string& period,
                                                     const std::map<std::string, int64_t>& targets,
                                                     const security::AuditActor& a);
  // The index (refreshed from the database first): for the benchmark.
  ProgressIndex& index();
  void refresh_index();
  // Loads the index on a thread of its own, so the first progress request after a start does not pay for
  // reading every trainee-time (seconds at 10 million rows). The destructor stops and joins it.
  void preload_index();
  ~Service();

  // ---- Survey ----
  Result<Survey> submit_survey(const security::Principal& p, const SurveyInput& in,
                               const security::AuditActor& a);
  Result<std::vector<Survey>> surveys(const security::Principal& p, int page, int page_size, int64_t* total);
  Result<std::vector<Offer>> offers(const security::Principal& p);

  // ---- Competitions ----
  Result<Competition> create_competition(const security::Principal& p, const Competition& in,
                                         const security::AuditActor& a);
  std::vector<Competition> competitions();
  Result<int64_t> record_award(const security::Principal& p, int64_t competition_id, int64_t worker_id,
                               const std::string& award, const security::AuditActor& a);

 private:
  // The credit entries and the trainee-time of a completed enrolment (inside the caller's transaction).
  Result<void> on_completed(db::Connection& conn, const Enrolment& e, const security::AuditActor& a);
  Result<AssessmentResult> record_result(db::Connection& conn, const Enrolment& e, int score,
                                         std::optional<int64_t> by, const std::string& how,
                                         const security::AuditActor& a);

  db::Database& db_;
  const security::FieldCipher& cipher_;
  const reference::DivisionCatalog& catalog_;
  const verify::SigningKey key_;  // a copy: the Service may outlive the caller's key
  std::optional<verify::Sm2SigningKey> sm2_signer_;  // set with crypto_suite = "sm": new certificates are SM2
  std::optional<verify::Sm2PublicKey> sm2_public_;   // SM2 certificates verify while an SM2 key exists
  std::string public_url_;
  credit::Service credit_;
  std::unique_ptr<ProgressIndex> index_;
  std::mutex refresh_mu_;  // one refresh at a time
  std::atomic<bool> stopping_{false};
  std::thread preload_;
};

}  // namespace jz::training
