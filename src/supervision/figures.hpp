#pragma once
// The supervision dashboard's figures (docs/supervision.md) from an in-memory index of facts, so that the
// province's figures over 1,000,000 workers and 10,000,000 records are one pass over packed arrays instead of
// a dozen GROUP BY queries. FiguresIndex holds no SQL: the service fills it from the store (a full load on a
// thread at start-up, then the rows changed since the last refresh before each request) and asks it for the
// figures of a period, grouped by 市州 or by the counties of one 市州.
//
// Every worker-linked fact (certificate, health check, insurance, employment, review, complaint, payment)
// counts where the worker is registered now (workers.current_division_code); enterprises where they are
// registered (enterprises.division_code). Stock figures are as of the period's last day (or today while the
// period runs); flow figures count what happened inside the period. Distinct workers are counted once per
// figure however many records she has.
//
// Thread-safe: a shared mutex, many readers, one writer.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace jz::supervision {

inline constexpr int32_t kNoDay = std::numeric_limits<int32_t>::max();

// ---- Facts as the store reads them ----

struct WorkerFact {
  int64_t id = 0;
  std::string county_code;  // current division (a county, or a 市州 code)
  int32_t created_day = 0;
  bool identity_verified = false;
  bool poverty_alleviated = false;
};

enum class EnterpriseModel : uint8_t { employee_based, intermediary, mixed };
enum class Listing : uint8_t { applied, approved, suspended };

struct EnterpriseFact {
  int64_t id = 0;
  std::string county_code;
  int32_t created_day = 0;
  EnterpriseModel model = EnterpriseModel::employee_based;
  Listing listing = Listing::applied;
  bool leading = false;
};

enum class CoverKind : uint8_t { health_check, insurance };

// A credit entry that covers a worker from one day to another (health check, insurance).
struct CoverFact {
  int64_t id = 0;
  int64_t worker_id = 0;
  CoverKind kind = CoverKind::health_check;
  int32_t from_day = 0;
  int32_t to_day = kNoDay;  // valid_until; none: kNoDay
  bool active = true;       // status 'active' (a disputed or withdrawn entry does not count)
};

struct CertificateFact {
  int64_t id = 0;
  int64_t worker_id = 0;
  int32_t issued_day = 0;
  int32_t expires_day = 0;
  int32_t revoked_day = kNoDay;
};

struct EmploymentFact {
  int64_t id = 0;  // entry_id
  int64_t worker_id = 0;
  int32_t start_day = 0;
  int32_t end_day = kNoDay;
  std::optional<int32_t> monthly_wage;
  std::string place_province;    // '62' Gansu, another province's code, or '' (unknown)
  std::string place_prefecture;  // 4 digits when in Gansu and known
  bool active = true;
};

struct ReviewFact {
  int64_t id = 0;
  int64_t worker_id = 0;
  int32_t day = 0;
  int rating_sum = 0;  // skill + attitude + punctuality + hygiene (4..20)
};

enum class ComplaintStatus : uint8_t { received, investigating, upheld, rejected };

struct ComplaintFact {
  int64_t id = 0;
  int64_t worker_id = 0;
  int32_t created_day = 0;
  ComplaintStatus status = ComplaintStatus::received;
  int32_t closed_day = kNoDay;  // upheld or rejected: the day of the decision
};

struct PaymentFact {  // a subsidy payment the bank confirmed (status 'paid')
  int64_t id = 0;
  int64_t worker_id = 0;
  int32_t day = 0;  // settled
  int64_t yuan = 0;
};

// Orders and contracts (household services): not on main yet. When their tables land, an OrderFact (worker,
// day, status, amount) joins here, with its loader in store.cpp and its figures in Figures; until then the
// dashboard answers `"orders": null`.

// ---- Figures ----

struct Figures {
  // Enterprises registered by the as-of day.
  int64_t enterprises = 0, employee_based = 0, intermediary = 0, mixed = 0, listed = 0, listing_applied = 0,
          listing_suspended = 0, leading = 0;
  // Workers registered by the as-of day, and of them …
  int64_t workers = 0, workers_new = 0, identity_verified = 0, certified = 0, health_checked = 0, insured = 0,
          poverty_alleviated = 0;
  // Distinct workers with an active employment overlapping the period; of them outside Gansu, in another 市州
  // of Gansu than her own, 脱贫人口. Wages: employments overlapping the period with a wage.
  int64_t employed = 0, out_of_province = 0, cross_prefecture = 0, poverty_employed = 0, wage_count = 0,
          wage_sum = 0;
  // Reviews written in the period; complaints received and closed in it.
  int64_t reviews = 0, rating_sum = 0, complaints = 0, complaints_closed = 0, complaints_upheld = 0,
          close_days_sum = 0;
  // Subsidies paid (settled) in the period.
  int64_t payments = 0, paid_yuan = 0;

  Figures& operator+=(const Figures& o);
  bool operator==(const Figures&) const = default;
};

struct MonthFigures {  // flows of one calendar month
  std::string month;   // YYYY-MM
  int64_t workers_new = 0, employments_started = 0, reviews = 0, complaints = 0, paid_yuan = 0;
  bool operator==(const MonthFigures&) const = default;
};

struct FiguresQuery {
  int32_t from_day = 0;
  int32_t to_day = 0;
  int32_t as_of_day = 0;   // stock figures: min(to_day, today)
  std::string prefecture;  // empty: the province, grouped by 市州; else its counties
  std::string series_from; // YYYY-MM of the first month of the series ("" = no series)
  int series_months = 0;
};

struct FiguresResult {
  Figures total;
  std::map<std::string, Figures> groups;  // 市州 or county code → figures (only groups with any fact)
  std::vector<MonthFigures> series;
};

class FiguresIndex final {
 public:
  void upsert(const WorkerFact& f);
  void upsert(const EnterpriseFact& f);
  void upsert(const CoverFact& f);
  void upsert(const CertificateFact& f);
  void upsert(const EmploymentFact& f);
  void upsert(const ReviewFact& f);  // reviews are never changed: a second add of the same id is ignored
  void upsert(const ComplaintFact& f);
  void upsert(const PaymentFact& f);

  FiguresResult figures(const FiguresQuery& q) const;
  size_t size() const;  // facts held

 private:
  static constexpr uint16_t kNone = 0xFFFF;
  struct Worker {
    uint16_t county = kNone;  // kNone: referenced by a record, not loaded yet (not counted)
    int32_t created = 0;
    uint8_t flags = 0;  // 1 identity verified, 2 poverty alleviated
  };
  struct Enterprise {
    uint16_t county = kNone;
    int32_t created = 0;
    uint8_t model = 0, listing = 0, leading = 0;
  };
  struct Cover {
    uint32_t worker;
    int32_t from, to;
    uint8_t kind, active;
  };
  struct Certificate {
    uint32_t worker;
    int32_t issued, expires, revoked;
  };
  struct Employment {
    uint32_t worker;
    int32_t start, end;
    int32_t wage;           // -1: none
    uint16_t place;         // prefecture index of the place in Gansu, or kNone
    uint8_t out, active;    // out: outside Gansu
  };
  struct Review {
    uint32_t worker;
    int32_t day;
    uint8_t rating;
  };
  struct Complaint {
    uint32_t worker;
    int32_t created, closed;
    uint8_t status;
  };
  struct Payment {
    uint32_t worker;
    int32_t day;
    int64_t yuan;
  };

  uint16_t county_index(const std::string& code);  // interns the county and its 市州
  uint16_t prefecture_index(const std::string& code);
  uint32_t worker_slot(int64_t id);                 // creates a placeholder for an unknown worker
  template <class T, class F>
  static void put(std::unordered_map<int64_t, uint32_t>& slots, std::vector<T>& rows, int64_t id, F&& make);

  mutable std::shared_mutex mu_;
  std::vector<std::string> counties_, prefectures_;
  std::vector<uint16_t> county_prefecture_;
  std::unordered_map<std::string, uint16_t> county_ids_, prefecture_ids_;
  std::unordered_map<int64_t, uint32_t> worker_slots_, enterprise_slots_, cover_slots_, certificate_slots_,
      employment_slots_, review_slots_, complaint_slots_, payment_slots_;
  std::vector<Worker> workers_;
  std::vector<Enterprise> enterprises_;
  std::vector<Cover> covers_;
  std::vector<Certificate> certificates_;
  std::vector<Employment> employments_;
  std::vector<Review> reviews_;
  std::vector<Complaint> complaints_;
  std::vector<Payment> payments_;
};

}  // namespace jz::supervision
