#include "subsidy/demo.hpp"

#include "common/time.hpp"

namespace jz::subsidy {

void generate_demo_subsidy(db::Database& db) {
  auto conn = db.acquire();
  db::Transaction tx(*conn, true);
  if (conn->query("SELECT COUNT(*) FROM subsidy_enterprise_founders")[0].get_int(0) > 0) return;
  // Two graduates or 脱贫 workers who founded a demo enterprise of their 市州 (registered this year).
  auto workers = conn->query(
      "SELECT w.id, w.prefecture_code FROM workers w WHERE (w.graduate = 1 OR w.poverty_alleviated = 1) "
      "AND EXISTS (SELECT 1 FROM enterprises e WHERE e.prefecture_code = w.prefecture_code) ORDER BY w.id LIMIT 2");
  const std::string now = now_utc();
  for (const auto& w : workers) {
    auto e = conn->query("SELECT MAX(id) FROM enterprises WHERE prefecture_code = ?", {w.get_text(1)});
    conn->exec("INSERT INTO subsidy_enterprise_founders (enterprise_id, worker_id, recorded_at) VALUES (?, ?, ?)",
               {e[0].get_int(0), w.get_int(0), now});
  }
  tx.commit();
}

}  // namespace jz::subsidy
