#pragma once
// Demo data of the training module for `jiazheng demo-data` (and so `make run` and the integration tests):
// two more training institutions beside the demo account's, courses for the scarce and new occupations
// (one online taster course with a 1-minute unit and a 3-question quiz, for trying the unit player and the
// browser test), enrolments and a training history spread over 2024-2026 with completions, assessments,
// certificates and their credit entries, willingness surveys of 脱贫人口 in 兰州市, and a skill competition.
// Idempotent: does nothing when any course exists. One transaction.
#include <cstdint>
#include <filesystem>

#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace jz::training {

struct DemoTrainingReport {
  bool skipped = false;
  int64_t courses = 0;
  int64_t enrolments = 0;
  int64_t completions = 0;
  int64_t certificates = 0;
};

// `with_credit`: also write the credit entries of completions, results, certificates and awards.
DemoTrainingReport generate_demo_training(db::Database& db, const security::FieldCipher& cipher,
                                          const std::filesystem::path& key_dir, uint64_t seed,
                                          bool with_credit);

}  // namespace jz::training
